// The status bar item: rows and risk events of the last run (a test run or a preview) and when it
// finished. Any code that runs a detection reports through `reportRun`.
import * as vscode from 'vscode';

export interface RunSummary {
  /** What ran: a detection name, or "3 tests". */
  readonly label: string;
  readonly rows: number;
  readonly riskEvents: number;
  /** When the run finished (defaults to now). */
  readonly finishedAt?: Date;
  readonly durationMs?: number;
}

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('splWorkbench.lastRun', vscode.StatusBarAlignment.Left, 50);
  private last: RunSummary | undefined;

  constructor() {
    this.item.name = 'SPL Workbench: last run';
    this.item.command = 'splWorkbench.showOutput';
  }

  /** Shows a finished run. */
  reportRun(summary: RunSummary): void {
    const finishedAt = summary.finishedAt ?? new Date();
    this.last = { ...summary, finishedAt };
    const time = finishedAt.toLocaleTimeString();
    this.item.text = `$(beaker) ${summary.rows} rows · ${summary.riskEvents} risk events · ${time}`;
    const duration = summary.durationMs !== undefined ? ` in ${Math.round(summary.durationMs)} ms` : '';
    this.item.tooltip = `SPL Workbench: ${summary.label}: ${summary.rows} result rows, ${summary.riskEvents} risk events, finished at ${time}${duration}`;
    this.item.show();
  }

  get lastRun(): RunSummary | undefined {
    return this.last;
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
