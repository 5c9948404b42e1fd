import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useMutation, useQuery } from 'urql';
import { errorText } from '../client';
import { graphql } from '../gql';
import { FunctionByCodeDocument } from '../fragments';
import { money, percent } from '../format';
import { agencyName } from '../names';
import { NeedsSignIn } from '../components/NeedsSignIn';
import { useSession } from '../session';
import { useUrlState } from '../url';

const ProgrammesDocument = graphql(`
  query Programmes($filter: BudgetProgrammeFilter, $skip: Int!) {
    budgetProgrammes(filter: $filter, skip: $skip, take: 20) {
      totalCount
      items {
        id
        code
        nameRu
        nameKk
        budgetLevel
        administrator {
          id
          nameRu
          nameKk
          nameEn
        }
      }
    }
  }
`);

const ProgrammeDocument = graphql(`
  query Programme($code: String!) {
    budgetProgramme(code: $code) {
      id
      code
      nameRu
      nameKk
      budgetLevel
      administrator {
        id
        nameRu
        nameKk
        nameEn
      }
      expenditures {
        year
        planned
        actual
        linkedPercent
      }
      links {
        id
        year
        sharePercent
        plannedAmount
        note
        function {
          id
          code
          title
        }
      }
    }
  }
`);

const LinkDocument = graphql(`
  mutation Link($input: LinkBudgetExpenditureInput!) {
    linkBudgetExpenditure(input: $input) {
      id
    }
  }
`);

const UnlinkDocument = graphql(`
  mutation Unlink($id: ID!) {
    unlinkBudgetExpenditure(id: $id)
  }
`);

const UnlinkedDocument = graphql(`
  query Unlinked($year: Int) {
    unlinkedExpenditure(year: $year, take: 50) {
      totalCount
      items {
        year
        planned
        linkedPercent
        unlinkedPlanned
        programme {
          code
          nameRu
        }
      }
    }
  }
`);

const StaffDocument = graphql(`
  query Staff($year: Int!) {
    staffLoad(year: $year) {
      functions
      functionsWithHeadcount
      level
      staffUnits
      staffPerFunction
      agency {
        id
        nameRu
        nameKk
        nameEn
      }
    }
  }
`);

type View = 'programmes' | 'unlinked' | 'staff';
const THIS_YEAR = new Date().getFullYear();

/**
 * The budget planner's view: a programme's expenditure and the functions it pays for, with shares
 * that never pass 100 % of a year (the API refuses, and the refusal is shown); expenditure no
 * function accounts for; staff per function of each agency.
 */
export function BudgetPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, set] = useUrlState();
  const view = (params.get('view') as View | null) ?? 'programmes';

  if (!can('readStaffFields')) return <NeedsSignIn title={t('budget.title')} />;

  return (
    <section>
      <h1 tabIndex={-1}>{t('budget.title')}</h1>
      <nav className="tabs" aria-label={t('budget.views')}>
        {(['programmes', 'unlinked', 'staff'] as View[]).map((v) => (
          <button
            key={v}
            type="button"
            aria-current={view === v ? 'page' : undefined}
            onClick={() => set({ view: v === 'programmes' ? null : v, programme: null })}
          >
            {t(`budget.view.${v}`)}
          </button>
        ))}
      </nav>
      {view === 'programmes' &&
        (params.get('programme') ? (
          <ProgrammeView code={params.get('programme')!} onBack={() => set({ programme: null })} />
        ) : (
          <ProgrammeList onOpen={(code) => set({ programme: code })} />
        ))}
      {view === 'unlinked' && <UnlinkedView />}
      {view === 'staff' && <StaffView />}
    </section>
  );
}

function ProgrammeList({ onOpen }: { onOpen: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [{ data, error, fetching }] = useQuery({
    query: ProgrammesDocument,
    variables: { filter: { search: search || undefined }, skip: 0 },
  });
  return (
    <>
      <form
        className="filters"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setSearch(draft.trim());
        }}
      >
        <label className="grow">
          {t('budget.search')}
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">{t('registry.find')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('budget.programmes', { count: data.budgetProgrammes.totalCount })}
      </p>
      {data && data.budgetProgrammes.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('registry.code')}</th>
              <th scope="col">{t('budget.name')}</th>
              <th scope="col">{t('budget.administrator')}</th>
              <th scope="col">{t('budget.level')}</th>
            </tr>
          </thead>
          <tbody>
            {data.budgetProgrammes.items.map((p) => (
              <tr key={p.id}>
                <td className="code">
                  <button type="button" className="linkish" onClick={() => onOpen(p.code)}>
                    {p.code}
                  </button>
                </td>
                <td>{i18n.language === 'kk' && p.nameKk ? p.nameKk : p.nameRu}</td>
                <td>{agencyName(p.administrator, i18n.language)}</td>
                <td>{t(`budgetLevel.${p.budgetLevel}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ProgrammeView({ code, onBack }: { code: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const client = useClient();
  const [{ data, error }, refetch] = useQuery({ query: ProgrammeDocument, variables: { code } });
  const [linking, link] = useMutation(LinkDocument);
  const [, unlink] = useMutation(UnlinkDocument);
  const [functionCode, setFunctionCode] = useState('');
  const [year, setYear] = useState('');
  const [share, setShare] = useState('');
  const [note, setNote] = useState('');
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const p = data?.budgetProgramme;
  const lang = i18n.language;
  const years = p?.expenditures.map((e) => e.year) ?? [];
  const chosenYear = year || String(years[0] ?? THIS_YEAR);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!p) return;
    const found = await client
      .query(FunctionByCodeDocument, { code: functionCode.trim() }, { requestPolicy: 'network-only' })
      .toPromise();
    const fn = found.data?.stateFunction;
    if (!fn) {
      setSaid({ text: t('budget.noFunction', { code: functionCode.trim() }), error: true });
      return;
    }
    const result = await link({
      input: {
        programmeId: p.id,
        functionId: fn.id,
        year: Number(chosenYear),
        sharePercent: Number(share.replace(',', '.')),
        note: note.trim() || undefined,
      },
    });
    if (result.error) setSaid({ text: t('budget.refused', { message: errorText(result.error) }), error: true });
    else {
      setSaid({ text: t('budget.linked', { code: fn.code, share }), error: false });
      setFunctionCode('');
      setShare('');
      setNote('');
      refetch({ requestPolicy: 'network-only' });
    }
  };

  if (error)
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  if (!p) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <div>
      <p>
        <button type="button" className="linkish" onClick={onBack}>
          ← {t('budget.allProgrammes')}
        </button>
      </p>
      <h2>
        {p.code} {lang === 'kk' && p.nameKk ? p.nameKk : p.nameRu}
      </h2>
      <p className="lead">
        {agencyName(p.administrator, lang)} · {t(`budgetLevel.${p.budgetLevel}`)}
      </p>
      <h3>{t('budget.expenditure')}</h3>
      {p.expenditures.length === 0 ? (
        <p>{t('function.none')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('function.year')}</th>
              <th scope="col">{t('budget.planned')}</th>
              <th scope="col">{t('budget.actual')}</th>
              <th scope="col">{t('budget.linkedShare')}</th>
            </tr>
          </thead>
          <tbody>
            {p.expenditures.map((e) => (
              <tr key={e.year}>
                <td>{e.year}</td>
                <td>{money(e.planned, lang)}</td>
                <td>{money(e.actual, lang)}</td>
                <td>
                  <meter
                    min={0}
                    max={100}
                    value={Number(e.linkedPercent)}
                    aria-label={t('budget.linkedOf', { year: e.year })}
                  />{' '}
                  {percent(e.linkedPercent, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('budget.links')}</h3>
      {p.links.length === 0 ? (
        <p>{t('function.none')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('function.year')}</th>
              <th scope="col">{t('registry.statement')}</th>
              <th scope="col">{t('function.share')}</th>
              <th scope="col">{t('function.planned')}</th>
              {can('linkBudget') && (
                <th scope="col">
                  <span className="sr-only">{t('budget.unlink')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {p.links.map((l) => (
              <tr key={l.id}>
                <td>{l.year}</td>
                <td>
                  <Link to={`/functions/${l.function.code}`}>{l.function.code}</Link> {l.function.title}
                  {l.note && <small className="note"> — {l.note}</small>}
                </td>
                <td>{percent(l.sharePercent, lang)}</td>
                <td>{money(l.plannedAmount, lang)}</td>
                {can('linkBudget') && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('budget.unlinkOne', { code: l.function.code, year: l.year })}
                      onClick={() =>
                        void unlink({ id: l.id }).then((r) => {
                          if (r.error) setSaid({ text: errorText(r.error), error: true });
                          else refetch({ requestPolicy: 'network-only' });
                        })
                      }
                    >
                      {t('budget.unlink')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('linkBudget') && (
        <form className="link-form" onSubmit={(e) => void submit(e)}>
          <h3>{t('budget.linkTitle')}</h3>
          <div className="filters">
            <label>
              {t('budget.functionCode')}
              <input
                required
                value={functionCode}
                onChange={(e) => setFunctionCode(e.target.value)}
                placeholder="F-0000001"
              />
            </label>
            <label>
              {t('function.year')}
              <select value={chosenYear} onChange={(e) => setYear(e.target.value)}>
                {(years.length ? years : [THIS_YEAR]).map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('budget.sharePercent')}
              <input required inputMode="decimal" value={share} onChange={(e) => setShare(e.target.value)} />
            </label>
            <label className="grow">
              {t('review.comment')}
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="submit" disabled={linking.fetching}>
              {t('budget.link')}
            </button>
          </div>
        </form>
      )}
      <p role={said?.error ? 'alert' : 'status'} className={said?.error ? 'error' : undefined}>
        {said?.text}
      </p>
    </div>
  );
}

function UnlinkedView() {
  const { t, i18n } = useTranslation();
  const [year, setYear] = useState(String(THIS_YEAR));
  const [{ data, error, fetching }] = useQuery({
    query: UnlinkedDocument,
    variables: { year: Number(year) || undefined },
  });
  return (
    <>
      <p className="lead">{t('budget.unlinkedLead')}</p>
      <label className="inline">
        {t('function.year')}
        <input type="number" value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('budget.unlinkedCount', { count: data.unlinkedExpenditure.totalCount })}
      </p>
      {data && data.unlinkedExpenditure.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('budget.programme')}</th>
              <th scope="col">{t('function.year')}</th>
              <th scope="col">{t('budget.planned')}</th>
              <th scope="col">{t('budget.linkedShare')}</th>
              <th scope="col">{t('budget.unlinkedPlanned')}</th>
            </tr>
          </thead>
          <tbody>
            {data.unlinkedExpenditure.items.map((u) => (
              <tr key={`${u.programme.code}-${u.year}`}>
                <td>
                  {u.programme.code} {u.programme.nameRu}
                </td>
                <td>{u.year}</td>
                <td>{money(u.planned, i18n.language)}</td>
                <td>{percent(u.linkedPercent, i18n.language)}</td>
                <td>{money(u.unlinkedPlanned, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function StaffView() {
  const { t, i18n } = useTranslation();
  const [year, setYear] = useState(String(THIS_YEAR));
  const [{ data, error, fetching }] = useQuery({
    query: StaffDocument,
    variables: { year: Number(year) || THIS_YEAR },
  });
  return (
    <>
      <p className="lead">{t('budget.staffLead')}</p>
      <label className="inline">
        {t('function.year')}
        <input type="number" value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('budget.agencies', { count: data.staffLoad.length })}
      </p>
      {data && data.staffLoad.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('registry.holder')}</th>
              <th scope="col">{t('registry.level')}</th>
              <th scope="col">{t('budget.functions')}</th>
              <th scope="col">{t('budget.staffUnits')}</th>
              <th scope="col">{t('budget.staffPerFunction')}</th>
            </tr>
          </thead>
          <tbody>
            {data.staffLoad.map((s) => (
              <tr key={s.agency.id}>
                <td>{agencyName(s.agency, i18n.language)}</td>
                <td>{t(`level.${s.level}`)}</td>
                <td>
                  {s.functionsWithHeadcount} / {s.functions}
                </td>
                <td>{s.staffUnits}</td>
                <td>{s.staffPerFunction ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
