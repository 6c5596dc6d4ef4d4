/** A menu of checkboxes that show or hide a list's optional columns. */
export function ColumnChooser({ columns, hidden, onToggle }: {
  columns: { key: string; label: string }[];
  hidden: ReadonlySet<string>;
  onToggle(key: string): void;
}) {
  return (
    <details className="column-chooser">
      <summary aria-label="Columns" title="Show or hide columns">⋮</summary>
      <fieldset className="column-chooser-menu">
        <legend className="muted small">Columns</legend>
        {columns.map((c) => (
          <label key={c.key}>
            <input type="checkbox" checked={!hidden.has(c.key)} onChange={() => onToggle(c.key)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
