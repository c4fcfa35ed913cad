import type { ReactNode } from 'react';
import Link from 'next/link';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  className?: string;
}

/**
 * The console's tables (search results, emails, history, audit log, dev mailbox): column
 * headers that screen readers announce for every cell, one row per item.
 *
 * `rowLinks`: the whole row opens the item. Each row still has exactly one real link (put
 * a RowLink in one cell); CSS stretches its click area over the row (`.row-link-target`
 * in globals.css), so mouse, keyboard (Tab to the link, Enter) and screen readers all use
 * the same link, and the row shows the link's focus. No onClick on <tr>: that would be
 * mouse-only and invisible to assistive technology.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  rowLinks = false,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  caption?: string;
  rowLinks?: boolean;
}) {
  return (
    <table className={rowLinks ? 'row-links' : undefined}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) => (
              <td key={c.header} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The one link of a row in a `rowLinks` table; its click area covers the whole row. */
export function RowLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="row-link-target">
      {children}
    </Link>
  );
}
