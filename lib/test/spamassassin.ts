/**
 * Scores messages with Debian's SpamAssassin, as a receiving mail server would, minus the
 * network: one `perl spam-score.pl` process for all of them (loading the rules takes most of
 * the time: about 5 s here, then ~0.2 s per message), with network tests, Bayes and
 * auto-welcomelisting off, and its state in a temporary folder (never in $HOME).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface SpamReport {
  name: string;
  score: number;
  /** SpamAssassin's own threshold for spam (5.0 by default). */
  required: number;
  /** Each rule that fired, with its points. */
  rules: Record<string, number>;
}

const script = path.join(import.meta.dirname, 'spam-score.pl');

export async function spamScores(messages: { name: string; raw: Buffer | string }[]): Promise<SpamReport[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-spam-'));
  try {
    const state = path.join(dir, 'state');
    const mail = path.join(dir, 'mail');
    fs.mkdirSync(state);
    fs.mkdirSync(mail);
    messages.forEach((m, i) => fs.writeFileSync(path.join(mail, `${String(i).padStart(4, '0')}.eml`), m.raw));
    const { stdout } = await promisify(execFile)('perl', [script, mail, state], {
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const byFile = new Map(
      stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Omit<SpamReport, 'name'> & { file: string })
        .map((r) => [r.file, r]),
    );
    return messages.map((m, i) => {
      const r = byFile.get(`${String(i).padStart(4, '0')}.eml`);
      if (!r) throw new Error(`SpamAssassin did not score ${m.name}`);
      return { name: m.name, score: r.score, required: r.required, rules: r.rules };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** "welcome (en): -0.0 [HTML_MESSAGE 0.001, NO_RECEIVED -0.001]": one line per message for the test's output. */
export function describeSpamReport(r: SpamReport): string {
  const rules = Object.entries(r.rules)
    .sort(([, a], [, b]) => b - a)
    .map(([name, points]) => `${name} ${points}`)
    .join(', ');
  return `${r.name}: ${r.score.toFixed(3)} [${rules || 'no rule fired'}]`;
}
