// A list of choices of which one is picked, each with a name and a line about it: the audience of
// a report, the state of a file to compare with, the way an import goes, an export's format.
export type RadioOption<T> = { value: T; testId: string; name: string; about?: string | null };

export function RadioList<T>({ label, group, options, value, onChange }: { label: string; group: string; options: readonly RadioOption<T>[]; value: T; onChange: (value: T) => void }) {
  return (
    <div className="audience-list" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.testId} className="audience" data-testid={o.testId}>
          <input type="radio" name={group} checked={value === o.value} onChange={() => { onChange(o.value); }} />
          <span>
            <strong>{o.name}</strong>
            {o.about && <span>{o.about}</span>}
          </span>
        </label>
      ))}
    </div>
  );
}
