// CodeLens above the `search:` key of a detection: Preview · Run tests · Expand macros.
import * as vscode from 'vscode';

const SEARCH_KEY = /^search\s*:/;

export class DetectionCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    for (let line = 0; line < document.lineCount; line++) {
      if (!SEARCH_KEY.test(document.lineAt(line).text)) continue;
      const range = new vscode.Range(line, 0, line, 0);
      const args = [document.uri];
      return [
        new vscode.CodeLens(range, { title: 'Preview', command: 'splWorkbench.previewDetection', arguments: args, tooltip: 'Preview the detection results on its sample data' }),
        new vscode.CodeLens(range, { title: 'Run tests', command: 'splWorkbench.runTestsInFile', arguments: args, tooltip: "Run this detection's tests" }),
        new vscode.CodeLens(range, { title: 'Expand macros', command: 'splWorkbench.expandMacros', arguments: args, tooltip: 'Show the search with its macros expanded' }),
      ];
    }
    return [];
  }
}

/** Detection YAML files, where the lenses appear. */
export const CODE_LENS_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', pattern: '**/detections/**/*.yml' },
  { language: 'yaml', pattern: '**/detections/**/*.yaml' },
];
