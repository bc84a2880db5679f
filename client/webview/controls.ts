// The run controls above the results: the time window (every event, or the scheduled window at a
// "now") and the sample data (the tests' attack data, or the files the user chose). Changing one
// asks the extension to run the preview again.
import type { PreviewControls } from '../src/preview/messages';
import { button, el } from './dom';

export interface ControlActions {
  setWindow(window: 'all' | 'schedule', now: string): void;
  chooseData(): void;
  useTestData(): void;
}

/** The ISO text is a time `Date.parse` reads (empty: the default). */
function validNow(text: string): boolean {
  return text.trim() === '' || Number.isFinite(Date.parse(text.trim()));
}

export function controlsView(controls: PreviewControls, actions: ControlActions): HTMLElement {
  const select = el('select', 'window-select', [], { 'aria-label': 'Time window' });
  for (const [value, label] of [['all', 'All events'], ['schedule', 'Scheduled window']] as const) {
    const option = el('option', undefined, [label], { value });
    option.selected = controls.window === value;
    select.appendChild(option);
  }
  const now = el('input', 'now-input', [], { type: 'text', 'aria-label': 'Now (ISO 8601)', placeholder: controls.nowDefault, title: 'The time the search runs at, e.g. 2025-11-18T07:15:30Z; empty for the default' });
  now.value = controls.now;
  const nowError = el('span', 'now-error warning', [], { role: 'status' });
  const apply = (): void => {
    if (!validNow(now.value)) {
      now.setAttribute('aria-invalid', 'true');
      nowError.textContent = `"${now.value}" is not a time (ISO 8601, e.g. 2025-11-18T07:15:30Z)`;
      return;
    }
    now.removeAttribute('aria-invalid');
    nowError.textContent = '';
    actions.setWindow(select.value === 'schedule' ? 'schedule' : 'all', now.value.trim());
  };
  select.addEventListener('change', apply);
  now.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') apply();
  });
  now.addEventListener('change', apply);

  const dataText = controls.data === 'chosen' ? `${controls.chosenFiles} chosen file${controls.chosenFiles === 1 ? '' : 's'}` : "the tests' attack data";
  const dataButtons = [button('Choose sample data…', () => actions.chooseData(), 'Run on other NDJSON files (SPL Workbench: Choose Sample Data)')];
  if (controls.data === 'chosen') dataButtons.push(button("Use the tests' data", () => actions.useTestData(), "Run on the tests' attack data again"));
  return el('div', 'run-controls', [
    el('label', undefined, ['Window ', select]),
    el('label', undefined, ['Now ', now]),
    nowError,
    el('span', 'data-choice', ['Data: ', el('strong', undefined, [dataText])]),
    ...dataButtons,
  ], { role: 'group', 'aria-label': 'What the preview runs on' });
}
