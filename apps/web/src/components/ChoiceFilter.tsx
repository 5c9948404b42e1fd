import { useTranslation } from 'react-i18next';

/** A filter over a few named values, «any» first: no value chosen is no filter. */
export function ChoiceFilter({
  label,
  value,
  choices,
  name,
  onChange,
}: {
  label: string;
  value: string | null;
  choices: readonly string[];
  name: (choice: string) => string;
  onChange: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t('registry.any')}</option>
        {choices.map((x) => (
          <option key={x} value={x}>
            {name(x)}
          </option>
        ))}
      </select>
    </label>
  );
}
