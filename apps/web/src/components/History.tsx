import { useTranslation } from 'react-i18next';

export interface Change {
  id: string;
  at: string;
  actor?: string | null;
  operation: string;
  table: string;
  changedFields: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Columns every row has; a reader learns nothing from them. */
const TECHNICAL = new Set([
  'id',
  'version',
  'created_at',
  'updated_at',
  'created_by',
  'title_hash',
  'function_id',
  'search_vector',
  'position',
]);
/** Fields whose values say what changed, shown before → after. */
const SHOWN = new Set([
  'type',
  'status',
  'title_ru',
  'title_kk',
  'sector',
  'supporting',
  'share_percent',
  'staff_units',
  'value',
]);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return `${v}`;
  return JSON.stringify(v);
}

/**
 * A function's history in words: what kind of record changed (the function, its legal basis, a
 * classification decision, a budget link, …), how, and for the fields that matter the value before
 * and after. The raw change log stays available through the API (`functionHistory`, `changes`).
 */
export function History({ changes }: { changes: Change[] }) {
  const { t, i18n } = useTranslation();
  // Enumerations in the reader's words: «IMPLEMENTING» is «реализационная».
  const value = (field: string, v: unknown) => {
    const text = show(v);
    if ((field === 'type' || field === 'value') && i18n.exists(`type.${text}`)) return t(`type.${text}`);
    if (field === 'status' && i18n.exists(`status.${text}`)) return t(`status.${text}`);
    return text;
  };
  const what = (c: Change) => {
    const record = t(`history.table.${c.table}`, { defaultValue: c.table });
    const how = t(`history.op.${c.operation}`, { defaultValue: c.operation });
    const fields = c.changedFields.filter((f) => !TECHNICAL.has(f));
    const values =
      c.operation === 'UPDATE'
        ? fields
            .filter((f) => SHOWN.has(f))
            .map(
              (f) =>
                `${t(`history.field.${f}`, { defaultValue: f })}: ${value(f, c.before?.[f])} → ${value(f, c.after?.[f])}`,
            )
        : fields
            .filter((f) => SHOWN.has(f) && c.after?.[f] != null)
            .map((f) => `${t(`history.field.${f}`, { defaultValue: f })}: ${value(f, c.after?.[f])}`);
    const others =
      c.operation === 'UPDATE'
        ? fields.filter((f) => !SHOWN.has(f)).map((f) => t(`history.field.${f}`, { defaultValue: f }))
        : [];
    return [`${record}: ${how}`, ...values, ...(others.length ? [others.join(', ')] : [])].join('; ');
  };
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">{t('function.when')}</th>
          <th scope="col">{t('function.who')}</th>
          <th scope="col">{t('function.what')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{new Date(c.at).toLocaleString(i18n.language)}</td>
            <td>{c.actor ?? '—'}</td>
            <td>{what(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
