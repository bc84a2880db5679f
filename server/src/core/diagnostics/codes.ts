// Every diagnostic the project can report, with a stable code (users silence rules by code) and
// its default severity. Add new codes here; never rename or reuse one.
import type { Severity } from './diagnostic';

interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}

function codes<T extends Record<string, CodeInfo>>(table: T): T {
  return table;
}

export const DIAGNOSTIC_CODES = codes({
  // --- SPL syntax (server/src/core/spl) ---
  'spl-syntax': { severity: 'error', summary: 'The SPL does not parse: something else was expected here.' },
  'spl-unterminated-string': { severity: 'error', summary: 'A double-quoted string is not closed.' },
  'spl-unterminated-comment': { severity: 'error', summary: 'A ``` comment is not closed.' },
  'spl-four-backticks': { severity: 'error', summary: 'Four backticks in a row are ambiguous (a comment ending next to a macro).' },
  'spl-unbalanced-bracket': { severity: 'error', summary: 'A parenthesis or subsearch bracket is not balanced.' },
  'spl-empty-stage': { severity: 'error', summary: 'A pipeline stage has no command (two pipes in a row, or a trailing pipe).' },
  'spl-unknown-command': { severity: 'warning', summary: 'The command is not one the project knows; Splunk apps can add commands, so this may still be right.' },
  'spl-not-generating': { severity: 'error', summary: 'A search that starts with | must start with a generating command.' },
  'spl-unknown-function': { severity: 'warning', summary: 'The eval or stats function is not one the project knows.' },
  'spl-lowercase-operator': { severity: 'hint', summary: 'Lowercase and/or/not is a plain search term, not a boolean operator.' },
  'spl-macro-not-expanded': { severity: 'error', summary: 'A macro call is left in text that should already be expanded.' },
  // --- macros (server/src/core/macros) ---
  'macro-unknown': { severity: 'error', summary: 'No macro of this name and number of arguments is defined.' },
  'macro-arity': { severity: 'error', summary: 'A macro of this name exists, but with another number of arguments.' },
  'macro-cycle': { severity: 'error', summary: 'Macro expansion loops back to a macro already being expanded.' },
  'macro-depth': { severity: 'error', summary: 'Macro expansion is nested deeper than 100 levels.' },
  'macro-unterminated': { severity: 'error', summary: 'A macro call has no closing backtick.' },
  'macro-bad-arguments': { severity: 'error', summary: 'The macro call arguments do not parse (unbalanced quotes or parentheses, unknown named argument).' },
  'macro-in-body': { severity: 'error', summary: 'A problem inside a macro definition, reported at the call site.' },
  'macro-eval-unsupported': { severity: 'warning', summary: 'An iseval macro cannot be expanded locally.' },
  'macro-app-provided': { severity: 'information', summary: 'The macro is provided by a Splunk app, not by the content repository.' },
  'macro-filter-missing': { severity: 'information', summary: 'The *_filter macro has no file; it expands to `search *`.' },
  'macro-duplicate': { severity: 'warning', summary: 'Two files define the same macro name and arity.' },
  'macro-too-large': { severity: 'error', summary: 'The expansion grows beyond the size limit (macros that call others many times over).' },
  'macro-conf-syntax': { severity: 'error', summary: 'A macros.conf line is neither a [stanza], a key = value setting, a comment nor a continuation.' },
  'macro-conf-stanza': { severity: 'error', summary: 'A macros.conf stanza is malformed (bad name, no definition, or args that differ from the (N) in its name).' },
  // --- YAML and content files (server/src/core/content) ---
  'yaml-syntax': { severity: 'error', summary: 'The YAML does not parse.' },
  'yaml-not-mapping': { severity: 'error', summary: 'The file is not a YAML mapping of keys to values.' },
  'yaml-under-indented-quote': { severity: 'warning', summary: 'A multi-line quoted value continues on lines indented no deeper than its key: PyYAML (and so contentctl) reads it, the YAML spec and other tools do not.' },
  'content-unreadable': { severity: 'error', summary: 'The file could not be read.' },
  'content-ignored-key': { severity: 'warning', summary: 'A key the legacy contentctl (4.x) model does not define: it was silently ignored then, contentctl 5 rejects it.' },
  'content-bad-observable': { severity: 'error', summary: 'A legacy tags.observable entry has a type or role outside the contentctl 4.x vocabulary.' },
  'content-duplicate': { severity: 'error', summary: 'Two content files share a name or an id; contentctl rejects the repository.' },
  'content-unknown-key': { severity: 'error', summary: 'contentctl rejects keys its model does not define.' },
  'content-missing-key': { severity: 'error', summary: 'A key contentctl requires is missing.' },
  'content-bad-value': { severity: 'error', summary: 'A value has the wrong type or is not one of the allowed values.' },
  'content-name-too-long': { severity: 'error', summary: 'Detection names are limited to 67 characters.' },
  'content-file-name': { severity: 'error', summary: 'The file name must be the name lowercased with space, -, . and / replaced by _.' },
  'content-bad-id': { severity: 'error', summary: 'The id must be a UUID.' },
  'content-future-date': { severity: 'error', summary: 'The date lies in the future.' },
  'content-bad-version': { severity: 'error', summary: 'The version must be a non-negative integer.' },
  'content-filter-macro': { severity: 'error', summary: 'The search must contain the filter macro `<file_stem>_filter`.' },
  'content-risk-required': { severity: 'error', summary: 'TTP and Anomaly detections need a risk block with at least one risk object.' },
  'content-risk-forbidden': { severity: 'error', summary: 'Hunting and Correlation detections must not have a risk block.' },
  'content-field-not-in-search': { severity: 'error', summary: 'A risk object, threat object or message token field does not occur in the search (contentctl rule).' },
  'content-field-not-output': { severity: 'warning', summary: 'A risk object, threat object or message token field is not among the fields the pipeline outputs.' },
  'content-unknown-data-source': { severity: 'error', summary: 'data_source names no data source file.' },
  'content-unknown-story': { severity: 'error', summary: 'analytic_story names no story file.' },
  'content-tests-required': { severity: 'error', summary: 'Production detections (not Correlation) need at least one test.' },
  'content-drilldowns-required': { severity: 'error', summary: 'Production non-Hunting detections need two drilldowns, one with %original_detection_search%.' },
  'content-output-field-missing': { severity: 'error', summary: 'An output_fields entry of a referenced data source does not occur in the search.' },
  'content-bad-mitre-id': { severity: 'error', summary: 'mitre_attack_id must look like T1234 or T1234.001.' },
  'content-mitre-overlap': { severity: 'error', summary: 'A technique is listed together with one of its own sub-techniques.' },
  'content-bad-risk-score': { severity: 'error', summary: 'Risk scores lie between 1 and 100.' },
  'content-bad-threat-type': { severity: 'error', summary: 'The threat object type is not one of the 26 contentctl accepts.' },
  'content-bad-risk-type': { severity: 'error', summary: 'The risk object type must be system, user or other.' },
  'content-macro-name-mismatch': { severity: 'warning', summary: 'A macro file name differs from the macro it defines.' },
  'content-unreferenced-data-source': { severity: 'information', summary: 'No detection lists this data source in data_source.' },
  'content-unreferenced-story': { severity: 'information', summary: 'No detection lists this analytic story in analytic_story.' },
  // --- local engine (server/src/core/engine): a run stops with one of these, located ---
  'engine-unsupported-command': { severity: 'error', summary: 'A command the local engine does not run; the run stops rather than return wrong results.' },
  'engine-unsupported': { severity: 'error', summary: 'A construct inside a supported command that the local engine does not run.' },
  'engine-syntax': { severity: 'error', summary: 'The stage did not parse, so it cannot run.' },
  'engine-unexpanded-macro': { severity: 'error', summary: 'A macro call is left in the search: it has no definition, so the search cannot run.' },
  'engine-regex': { severity: 'error', summary: 'A regular expression does not compile, or backtracks beyond the step budget.' },
  'engine-invalid-argument': { severity: 'error', summary: 'Wrong arguments to a command or function (unknown function, bad option value).' },
  'engine-missing-lookup': { severity: 'error', summary: 'A lookup table the search names is not in the content repository.' },
  'engine-type': { severity: 'error', summary: 'A value that cannot be stored in a field (a boolean assigned by eval).' },
  'engine-input': { severity: 'error', summary: 'The sample data could not be read.' },
  'engine-cancelled': { severity: 'error', summary: 'The run was cancelled (a newer run replaced it, or the user stopped it) before it read all its events.' },
});

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
