import { MigrationInterface, QueryRunner } from 'typeorm';

// A run's partition is named after it; a run stored later builds the indexes of the parent table
// as the catalogue lists them, so these are defined here only.
const partition = (runId: string) => `review_pair_${runId.replace(/-/g, '')}`;
const INDEXES = { score: 'score DESC, no', a: 'function_a', b: 'function_b' };

/** Codes of the reasons a finding's holders, legal bases and replicas give; the rest come from the two statements. */
const FINDING_REASONS = `'HOLDERS', 'SHARED_LEGAL_BASIS', 'REPLICATED'`;

/**
 * A national review finds tens of millions of pairs of functions from under a million pairs of
 * statements, and every pair of functions from one pair of statements has the same textual evidence.
 * So the evidence is kept once per pair of statements (`review_text_pair`), and a finding row keeps
 * only its functions, band, axis, score and replica count: about 70 bytes instead of 800. What a
 * finding's holders and legal bases add to its reasons is worked out when it is read.
 *
 * `review_pair` is partitioned by run: a run loads its findings into a table of its own with no
 * index, indexes it, and attaches it in the transaction that stores the run, which is several times
 * faster than writing into indexes that grow row by row; and an old run goes with its partition.
 * Band and axis are enums (4 bytes, read and compared as their names).
 */
export class ReviewFindingsByStatementPair1764900000000 implements MigrationInterface {
  name = 'ReviewFindingsByStatementPair1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Earlier national runs hold tens of millions of findings to carry over.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE TYPE review_band AS ENUM ('DUPLICATE', 'OVERLAP')`);
    await q.query(
      `CREATE TYPE review_axis AS ENUM ('VERTICAL', 'HORIZONTAL', 'STATE_VS_SELF_GOVERNMENT', 'COLLEGIAL_VS_HEAD', 'WITHIN_AGENCY')`,
    );
    await q.query(`ALTER TABLE review_pair RENAME TO review_pair_flat`);
    await q.query(`DROP TRIGGER IF EXISTS data_changed_review_pair ON review_pair_flat`);
    for (const index of ['review_pair_pkey', 'review_pair_run_idx', 'review_pair_a_idx', 'review_pair_b_idx']) {
      await q.query(`ALTER INDEX IF EXISTS ${index} RENAME TO ${index.replace('review_pair', 'review_pair_flat')}`);
    }
    await q.query(`
      CREATE TABLE review_text_pair (
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        no integer NOT NULL,
        band review_band NOT NULL,
        score real NOT NULL,
        reasons jsonb NOT NULL,
        PRIMARY KEY (run_id, no)
      )`);
    await q.query(`
      CREATE TABLE review_pair (
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        no integer NOT NULL,
        function_a uuid NOT NULL,
        function_b uuid NOT NULL,
        band review_band NOT NULL,
        axis review_axis NOT NULL,
        score real NOT NULL,
        text_pair integer NOT NULL,
        also_replicated integer NOT NULL DEFAULT 0,
        CONSTRAINT review_pair_ordered CHECK (function_a < function_b)
      ) PARTITION BY LIST (run_id)`);
    // Every query names its run, which picks one partition, so the run is no part of the keys.
    for (const [name, keys] of Object.entries(INDEXES))
      await q.query(`CREATE INDEX review_pair_${name}_idx ON review_pair (${keys})`);
    // Control piles were worked out from every finding at each request, which a national run's
    // millions of findings do not allow; the engine now finds them and the run stores them. Runs
    // stored before have none: a new run gives them.
    await q.query(`
      CREATE TABLE review_control_pile (
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        pile_no integer NOT NULL,
        sphere jsonb NOT NULL,
        holders integer NOT NULL,
        PRIMARY KEY (run_id, pile_no)
      )`);
    await q.query(`
      CREATE TABLE review_pile_member (
        run_id uuid NOT NULL,
        pile_no integer NOT NULL,
        function_id uuid NOT NULL,
        PRIMARY KEY (run_id, pile_no, function_id),
        FOREIGN KEY (run_id, pile_no) REFERENCES review_control_pile (run_id, pile_no) ON DELETE CASCADE
      )`);
    for (const table of ['review_pair', 'review_text_pair', 'review_control_pile', 'review_pile_member']) {
      await q.query(`SELECT watch_data_changes('${table}')`);
    }

    // Earlier runs keep their findings; each finding becomes its own statement pair.
    const runs = (await q.query(`SELECT DISTINCT run_id AS id FROM review_pair_flat`)) as { id: string }[];
    for (const { id } of runs) {
      await q.query(`CREATE TABLE ${partition(id)} PARTITION OF review_pair FOR VALUES IN ('${id}')`);
      await q.query(
        `WITH numbered AS (SELECT *, row_number() OVER (ORDER BY id)::int AS no FROM review_pair_flat WHERE run_id = $1),
         statements AS (
           INSERT INTO review_text_pair (run_id, no, band, score, reasons)
           SELECT run_id, no, band::review_band, score,
             coalesce((SELECT jsonb_agg(r) FROM jsonb_array_elements(reasons) r WHERE r->>'code' NOT IN (${FINDING_REASONS})), '[]'::jsonb)
           FROM numbered)
         INSERT INTO review_pair (run_id, no, function_a, function_b, band, axis, score, text_pair, also_replicated)
         SELECT run_id, no, function_a, function_b, band::review_band, axis::review_axis, score, no, also_replicated FROM numbered`,
        [id],
      );
    }
    await q.query(`DROP TABLE review_pair_flat`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE review_pair RENAME TO review_pair_partitioned`);
    await q.query(`
      CREATE TABLE review_pair (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        function_a uuid NOT NULL,
        function_b uuid NOT NULL,
        band text NOT NULL CONSTRAINT review_pair_band_check CHECK (band IN ('DUPLICATE', 'OVERLAP')),
        axis text NOT NULL CONSTRAINT review_pair_axis_check
          CHECK (axis IN ('VERTICAL', 'HORIZONTAL', 'STATE_VS_SELF_GOVERNMENT', 'COLLEGIAL_VS_HEAD', 'WITHIN_AGENCY')),
        score real NOT NULL,
        reasons jsonb NOT NULL,
        also_replicated integer NOT NULL DEFAULT 0,
        CONSTRAINT review_pair_ordered CHECK (function_a < function_b)
      )`);
    // Lossy: the older schema read reasons as stored, and the holders' part (HOLDERS,
    // SHARED_LEGAL_BASIS, REPLICATED) is worked out by application code when read now, so a rolled
    // back run shows the statements' part only. Run a new review after rolling back.
    await q.query(`
      INSERT INTO review_pair (run_id, function_a, function_b, band, axis, score, reasons, also_replicated)
      SELECT p.run_id, p.function_a, p.function_b, p.band::text, p.axis::text, p.score, t.reasons, p.also_replicated
      FROM review_pair_partitioned p JOIN review_text_pair t ON t.run_id = p.run_id AND t.no = p.text_pair
      ORDER BY p.run_id, p.no`);
    await q.query(`DROP TABLE review_pair_partitioned`);
    await q.query(`DROP TABLE review_text_pair`);
    await q.query(`DROP TABLE review_pile_member`);
    await q.query(`DROP TABLE review_control_pile`);
    await q.query(`CREATE INDEX review_pair_run_idx ON review_pair (run_id, score DESC)`);
    await q.query(`CREATE INDEX review_pair_a_idx ON review_pair (function_a, run_id)`);
    await q.query(`CREATE INDEX review_pair_b_idx ON review_pair (function_b, run_id)`);
    await q.query(`SELECT watch_data_changes('review_pair')`);
    await q.query(`DROP TYPE review_axis`);
    await q.query(`DROP TYPE review_band`);
  }
}
