import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Pager } from '../components/Pager';
import { errorText } from '../client';
import { graphql } from '../gql';
import type { FunctionType } from '../gql/graphql';
import { NeedsSignIn } from '../components/NeedsSignIn';
import { useSession } from '../session';
import { useUrlState } from '../url';
import { TYPES } from '../vocab';

const ToClassifyDocument = graphql(`
  query ToClassify($filter: FunctionFilter, $skip: Int!, $take: Int!) {
    stateFunctions(filter: $filter, skip: $skip, take: $take) {
      totalCount
      items {
        id
        code
        title
        type
        version
        suggestedType {
          type
          reason
          confident
          confidence
        }
      }
    }
  }
`);

const AcceptDocument = graphql(`
  mutation AcceptSuggestedTypes($input: AcceptSuggestedTypesInput!) {
    acceptSuggestedTypes(input: $input) {
      id
      value
    }
  }
`);

const SetTypeDocument = graphql(`
  mutation SetType($input: DecideFunctionTypeInput!) {
    decideFunctionType(input: $input) {
      id
      value
    }
  }
`);

const PAGE = 50;

/**
 * Classification: each function's suggested type with the verb and object that decided it. A
 * reviewer accepts the suggestions of the ticked functions in one step (all or none), or sets
 * another type on one function.
 */
export function ClassificationPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, update] = useUrlState();
  const all = params.get('all') === '1';
  const q = params.get('q') ?? '';
  const skip = Math.max(0, Number(params.get('skip') ?? 0) || 0);
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  // A type chosen in a row is set by its button: a list that writes as one moves through it would
  // write at every arrow key.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => setTicked(new Set()), [all, q, skip]);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: ToClassifyDocument,
    variables: { filter: { unclassified: all ? undefined : true, search: q || undefined }, skip, take: PAGE },
    pause: !can('readStaffFields'),
  });
  const [accepting, accept] = useMutation(AcceptDocument);
  const [, setType] = useMutation(SetTypeDocument);
  const items = data?.stateFunctions.items ?? [];
  const decidable = can('decideTypes');

  const acceptTicked = async () => {
    // With the versions read: a function someone changed meanwhile is refused, and nothing written.
    const ids = items.filter((f) => ticked.has(f.id)).map((f) => ({ functionId: f.id, version: f.version }));
    const result = await accept({ input: { items: ids } });
    if (result.error) setSaid({ text: t('classify.refused', { message: errorText(result.error) }), error: true });
    else {
      setSaid({ text: t('classify.accepted', { count: ids.length }), error: false });
      setTicked(new Set());
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const override = async (f: (typeof items)[number], type: FunctionType | null) => {
    const result = await setType({ input: { functionId: f.id, type, version: f.version } });
    if (result.error) setSaid({ text: t('classify.refused', { message: errorText(result.error) }), error: true });
    else {
      setSaid({
        text: t('classify.setDone', { code: f.code, type: type ? t(`type.${type}`) : t('type.none') }),
        error: false,
      });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const toggle = (id: string) =>
    setTicked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  if (!can('readStaffFields')) return <NeedsSignIn title={t('classify.title')} />;

  return (
    <section>
      <h1 tabIndex={-1}>{t('classify.title')}</h1>
      <p className="lead">{t('classify.lead')}</p>
      <form
        className="filters"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          update({ q: draft.trim() || null });
        }}
      >
        <label className="grow">
          {t('registry.search')}
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <label>
          {t('classify.which')}
          <select value={all ? '1' : ''} onChange={(e) => update({ all: e.target.value || null })}>
            <option value="">{t('classify.unclassified')}</option>
            <option value="1">{t('classify.all')}</option>
          </select>
        </label>
        <button type="submit">{t('registry.find')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {t('error.load', { message: errorText(error) })}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('registry.found', { count: data.stateFunctions.totalCount })}
      </p>
      {decidable && items.length > 0 && (
        <div className="bulk">
          <button
            type="button"
            onClick={() =>
              setTicked(
                // Confident suggestions that would change the type; a type set otherwise is ticked by hand only.
                new Set(
                  items
                    .filter((f) => f.suggestedType.confident && f.suggestedType.type && f.suggestedType.type !== f.type)
                    .map((f) => f.id),
                ),
              )
            }
          >
            {t('classify.tickConfident')}
          </button>
          <button type="button" disabled={ticked.size === 0 || accepting.fetching} onClick={() => void acceptTicked()}>
            {t('classify.accept', { count: ticked.size })}
          </button>
        </div>
      )}
      <p role="status" className={said?.error ? 'error' : undefined}>
        {said?.text}
      </p>
      {items.length > 0 && (
        <table className="grid">
          <caption className="sr-only">{t('classify.caption')}</caption>
          <thead>
            <tr>
              {decidable && (
                <th scope="col">
                  <span className="sr-only">{t('classify.tick')}</span>
                </th>
              )}
              <th scope="col">{t('registry.code')}</th>
              <th scope="col">{t('registry.statement')}</th>
              <th scope="col">{t('classify.current')}</th>
              <th scope="col">{t('classify.suggested')}</th>
              {decidable && <th scope="col">{t('classify.set.label')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id}>
                {decidable && (
                  <td>
                    <input
                      type="checkbox"
                      className="tick"
                      aria-label={t('classify.tickOne', { code: f.code })}
                      checked={ticked.has(f.id)}
                      disabled={!f.suggestedType.type}
                      onChange={() => toggle(f.id)}
                    />
                  </td>
                )}
                <td className="code">
                  <Link to={`/functions/${f.code}`}>{f.code}</Link>
                </td>
                <td>{f.title}</td>
                <td>{f.type ? t(`type.${f.type}`) : t('type.none')}</td>
                <td>
                  <strong>{f.suggestedType.type ? t(`type.${f.suggestedType.type}`) : t('type.none')}</strong>
                  {f.suggestedType.confident && <span className="badge">{t('classify.confident')}</span>}
                  <br />
                  <small lang="en">{f.suggestedType.reason}</small>
                </td>
                {decidable && (
                  <td>
                    <div className="set-type">
                      <select
                        aria-label={t('classify.setOne', { code: f.code })}
                        value={chosen[f.id] ?? f.type ?? ''}
                        onChange={(e) => setChosen((c) => ({ ...c, [f.id]: e.target.value }))}
                      >
                        <option value="">{t('type.none')}</option>
                        {TYPES.map((x) => (
                          <option key={x} value={x}>
                            {t(`type.${x}`)}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        aria-label={t('classify.saveOne', { code: f.code })}
                        disabled={(chosen[f.id] ?? f.type ?? '') === (f.type ?? '')}
                        onClick={() =>
                          void override(f, (chosen[f.id] || null) as FunctionType | null).then(() =>
                            setChosen(({ [f.id]: _, ...rest }) => rest),
                          )
                        }
                      >
                        {t('classify.save')}
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <Pager
          skip={skip}
          take={PAGE}
          total={data.stateFunctions.totalCount}
          onSkip={(s) => update({ skip: String(s) })}
        />
      )}
    </section>
  );
}
