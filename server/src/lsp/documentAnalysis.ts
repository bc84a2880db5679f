// What the editor features ask first: for a document and a position, the file's model, the SPL
// under the cursor and its analysis (parse as written, expansion, parse as run, field flow).
// Analyses are cached per file text, so hover, completion and highlights after one edit share
// one analysis.
import { analyzeSearch, initialFieldsOf, type RepositoryMacros, type SearchAnalysis } from '../core/analysis';
import type { ContentFile } from '../core/content';
import { embeddedSplOf, splAtFileOffset, splFileEmbedding, type EmbeddedSpl } from '../core/ide/embeddedSpl';
import { LineIndex, type Position } from '../core/text/lineIndex';
import type { ContentRoot } from './workspace/contentRoot';
import { uriToPath } from './workspace/uri';
import type { Workspace } from './workspace/workspace';

export interface DocumentAnalysis {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly root: ContentRoot;
  /** Undefined for `.spl` files. */
  readonly file: ContentFile | undefined;
  /** Every SPL text written in the document, in file order. */
  readonly spls: readonly EmbeddedSpl[];
  /** The analysis of one of `spls` (computed on first use). */
  analysisOf(spl: EmbeddedSpl): SearchAnalysis;
}

export interface CursorInSpl {
  readonly document: DocumentAnalysis;
  readonly spl: EmbeddedSpl;
  /** Offset in `spl.source.text`. */
  readonly offset: number;
  readonly analysis: SearchAnalysis;
}

export class DocumentAnalyses {
  /** By path, with the macro table the analyses were made with. */
  private readonly cache = new Map<string, { document: DocumentAnalysis; macros: RepositoryMacros }>();

  constructor(private readonly workspace: Workspace) {}

  /** The analysis of the document at `uri` as the server holds it now; undefined when the
   * server has no text for it. */
  of(uri: string): DocumentAnalysis | undefined {
    const path = uriToPath(uri);
    const text = this.workspace.textOf(path);
    if (text === undefined) return undefined;
    const cached = this.cache.get(path);
    const root = this.workspace.rootOf(path);
    // The macro table is part of the key: a macro edited elsewhere changes every expansion.
    const macros = root.macros();
    if (cached && cached.document.text === text && cached.document.root === root && cached.macros === macros) return cached.document;
    const file = this.workspace.isSpl(path) ? undefined : root.repository.file(path);
    const spls = file ? embeddedSplOf(file) : this.workspace.isSpl(path) ? [splFileEmbedding(path, text)] : [];
    const analyses = new Map<EmbeddedSpl, SearchAnalysis>();
    const initialFields = file?.kind === 'detection' ? initialFieldsOf(file, root.repository) : undefined;
    const document: DocumentAnalysis = {
      path,
      text,
      lines: new LineIndex(text),
      root,
      file,
      spls,
      analysisOf(spl) {
        let analysis = analyses.get(spl);
        if (!analysis) {
          analysis = analyzeSearch(spl.source, macros.table, spl.role === 'search' && initialFields ? { initialFields } : {});
          analyses.set(spl, analysis);
        }
        return analysis;
      },
    };
    this.cache.set(path, { document, macros });
    return document;
  }

  /** The SPL under `position` of the document at `uri`, with its analysis. */
  cursor(uri: string, position: Position): CursorInSpl | undefined {
    const document = this.of(uri);
    if (!document) return undefined;
    const found = splAtFileOffset(document.spls, document.lines.offsetAt(position));
    if (!found) return undefined;
    return { document, spl: found.spl, offset: found.offset, analysis: document.analysisOf(found.spl) };
  }

  forget(uri: string): void {
    this.cache.delete(uriToPath(uri));
  }
}
