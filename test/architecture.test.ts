/**
 * The house rules (STYLE.md), enforced: src/core is pure, only src/ui writes to the terminal, only
 * the entry point sets the exit code. Read from the sources with the TypeScript compiler and its type
 * checker, so a rule holds however the code is written (an alias, a destructured import, a stream
 * passed under another name).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');
const program = ts.createProgram({
  rootNames: ts.sys.readDirectory(SRC, ['.ts']),
  options: {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    resolveJsonModule: true,
    types: ['node'],
    noEmit: true,
  },
});
const checker = program.getTypeChecker();
const sources = program.getSourceFiles().filter((f) => f.fileName.startsWith(`${SRC}/`));
const rel = (f: ts.SourceFile) => path.relative(ROOT, f.fileName);
const where = (f: ts.SourceFile, node: ts.Node) => `${rel(f)}:${f.getLineAndCharacterOfPosition(node.getStart(f)).line + 1}`;

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** Every module a file imports: static imports, re-exports and dynamic import(). */
function importsOf(f: ts.SourceFile): Array<{ spec: string; node: ts.Node }> {
  const out: Array<{ spec: string; node: ts.Node }> = [];
  walk(f, (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ spec: n.moduleSpecifier.text, node: n });
    } else if (
      ts.isCallExpression(n) &&
      n.expression.kind === ts.SyntaxKind.ImportKeyword &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    ) {
      out.push({ spec: n.arguments[0].text, node: n });
    }
  });
  return out;
}

const BUILTINS = new Set(builtinModules);
const FORBIDDEN_IN_CORE = /^(chalk|commander|yaml|js-yaml|cosmiconfig|@inquirer\/.*|@azure\/.*|env-paths)(\/|$)/;

describe('src/core is pure', () => {
  const core = sources.filter((f) => rel(f).startsWith('src/core/'));

  it('has modules to check', () => expect(core.length).toBeGreaterThan(10));

  it('imports no Node built-in, no I/O or terminal library, nothing from src/io, src/ui or src/commands', () => {
    const bad: string[] = [];
    for (const f of core) {
      for (const { spec, node } of importsOf(f)) {
        const resolved = spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(f.fileName), spec)) : null;
        const builtin = spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!);
        const outside = resolved !== null && !resolved.startsWith('src/core/') && !resolved.startsWith('src/data/');
        if (builtin || FORBIDDEN_IN_CORE.test(spec) || outside) bad.push(`${where(f, node)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('touches no process, console or clock (time comes in as a parameter)', () => {
    const bad: string[] = [];
    for (const f of core) {
      walk(f, (n) => {
        if (ts.isIdentifier(n) && (n.text === 'process' || n.text === 'console') && !ts.isPropertyAccessExpression(n.parent))
          bad.push(`${where(f, n)} uses ${n.text}`);
        if (ts.isIdentifier(n) && n.text === 'process' && ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n)
          bad.push(`${where(f, n)} uses process`);
        if (ts.isPropertyAccessExpression(n) && n.getText(f) === 'Date.now') bad.push(`${where(f, n)} reads the clock`);
        if (ts.isNewExpression(n) && n.expression.getText(f) === 'Date' && (n.arguments?.length ?? 0) === 0)
          bad.push(`${where(f, n)} reads the clock`);
      });
    }
    expect(bad).toEqual([]);
  });
});

describe('only src/ui writes to the terminal', () => {
  /** A call of write/end on something typed as a writable stream or mamx's OutStream, console.*, process.stdout/stderr. */
  function terminalWrites(f: ts.SourceFile): string[] {
    const bad: string[] = [];
    walk(f, (n) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const receiver = checker.getTypeAtLocation(n.expression.expression);
        const isStream =
          receiver.getProperty('write') !== undefined &&
          (receiver.getProperty('cork') !== undefined ||
            /\b(OutStream|FdStream|Writable|WriteStream|Socket)\b/.test(checker.typeToString(receiver)));
        if (isStream && (method === 'write' || method === 'end')) bad.push(`${where(f, n)} writes to a stream`);
        if (n.expression.expression.getText(f) === 'console') bad.push(`${where(f, n)} uses console`);
      }
      // fs.writeSync(1, ...) and the like: a write to the terminal's file descriptors.
      if (
        ts.isCallExpression(n) &&
        /(^|\.)writeSync$/.test(n.expression.getText(f)) &&
        /^(1|2|process\.std(out|err)\.fd)$/.test(n.arguments[0]?.getText(f) ?? '')
      ) {
        bad.push(`${where(f, n)} writes to fd ${n.arguments[0]!.getText(f)}`);
      }
      if (ts.isPropertyAccessExpression(n) && /^process\.(stdout|stderr)$/.test(n.getText(f)) && rel(f) !== 'src/main.ts') {
        bad.push(`${where(f, n)} reaches ${n.getText(f)}`);
      }
    });
    return bad;
  }

  it('finds the writes in src/ui (the check sees what it looks for)', () => {
    expect(sources.filter((f) => rel(f).startsWith('src/ui/')).flatMap(terminalWrites).length).toBeGreaterThan(3);
  });

  it('nothing outside src/ui writes to stdout or stderr', () => {
    expect(sources.filter((f) => !rel(f).startsWith('src/ui/')).flatMap(terminalWrites)).toEqual([]);
  });
});

describe('only the entry point sets the exit code', () => {
  it('process.exitCode and process.exit appear in src/main.ts alone', () => {
    const setters: string[] = [];
    for (const f of sources) {
      walk(f, (n) => {
        if (ts.isPropertyAccessExpression(n) && /^process\.(exitCode|exit|abort|reallyExit)$/.test(n.getText(f))) setters.push(where(f, n));
      });
    }
    expect(setters.map((s) => s.replace(/:\d+$/, ''))).toEqual(['src/main.ts']);
  });
});
