/**
 * The reviewers' decisions that still count, as a subquery with `review_decision`'s columns: a
 * decision holds while both statements read as they did when it was made (their title hashes). One
 * definition for every reader: the findings' review status, the run's counts, the dismissals a run
 * honours and the decisions a model learns from.
 */
export const CURRENT_DECISIONS = `(SELECT cd.* FROM review_decision cd
    JOIN registry_function cfa ON cfa.id = cd.function_a AND cfa.title_hash = cd.text_hash_a
    JOIN registry_function cfb ON cfb.id = cd.function_b AND cfb.title_hash = cd.text_hash_b)`;
