/**
 * Prints emitted TypeScript in Prettier's style (the options of ./format.ts: single quotes,
 * print width 120, trailing commas) without loading Prettier: the text is parsed with the
 * TypeScript compiler the emitters have already loaded (openapi-typescript's printer), and each
 * node kind the emitters produce is turned into the same layout document Prettier's estree
 * printer builds for it, laid out by Prettier's own document printer (`prettier/doc`, 60 kB).
 * A first run thus skips Prettier's parser and printer plugins (issue 16, cold start).
 *
 * Only the constructs the emitters print are covered: anything else (a node kind, a comment
 * where Prettier would attach it differently, a parse error) throws {@link Unsupported} and the
 * caller formats that file with Prettier instead. test/generator/prettier-style.test.ts is the
 * judge: every golden and the output of real specs must come out of Prettier unchanged.
 */
import { builders, printer, utils } from 'prettier/doc';
import type ts from 'typescript';

type Doc = builders.Doc;
const { group, indent, align, line, softline, hardline, literalline, markAsRoot, ifBreak, join, fill, conditionalGroup, indentIfBreak, lineSuffixBoundary } = builders;

/** The input holds a construct this printer does not lay out as Prettier would. */
export class Unsupported extends Error {}

const WIDTH = 120;

export function printPrettierStyle(text: string, typescript: typeof ts): string {
  const sf = typescript.createSourceFile('out.ts', text, typescript.ScriptTarget.Latest, true, typescript.ScriptKind.TS);
  if ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) throw new Unsupported('parse error');
  const p = new Printer(typescript, sf, text);
  const doc = p.program();
  if (p.claimed.size !== countComments(typescript, text)) throw new Unsupported('a comment this printer does not place');
  // (printDocToString propagates hard breaks to the enclosing groups itself)
  return printer.printDocToString(doc, { printWidth: WIDTH, tabWidth: 2, useTabs: false, endOfLine: 'lf' } as Parameters<typeof printer.printDocToString>[1]).formatted;
}

function countComments(typescript: typeof ts, text: string): number {
  const scanner = typescript.createScanner(typescript.ScriptTarget.Latest, false, typescript.LanguageVariant.Standard, text);
  let n = 0;
  for (let kind = scanner.scan(); kind !== typescript.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === typescript.SyntaxKind.SingleLineCommentTrivia || kind === typescript.SyntaxKind.MultiLineCommentTrivia) n++;
    else if (kind === typescript.SyntaxKind.TemplateHead || kind === typescript.SyntaxKind.SlashToken || kind === typescript.SyntaxKind.SlashEqualsToken) throw new Unsupported('template or regex');
  }
  return n;
}

// ---- strings and numbers (prettier/src/utilities: print-string, make-string, print-number)

export function printString(raw: string): string {
  const content = raw.slice(1, -1);
  let singles = 0;
  let doubles = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 39) singles++;
    else if (c === 34) doubles++;
  }
  const quote = singles > doubles ? '"' : "'";
  if (raw[0] === quote) return raw;
  const other = quote === '"' ? "'" : '"';
  return quote + content.replace(/\\(["'\\])|(["'])/g, (match, escaped: string | undefined, unescaped: string) => (escaped ? (escaped === other ? other : match) : unescaped === quote ? `\\${unescaped}` : unescaped)) + quote;
}

export function printNumber(raw: string): string {
  if (raw.length === 1) return raw;
  return raw
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(?=\d)/, '$1$2')
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, '$1')
    .replace(/^([+-])?\./, '$10.')
    .replace(/(\.\d+?)0+(?=e|$)/, '$1')
    .replace(/\.(?=e|$)/, '');
}

const ES5_IDENTIFIER = /^[$A-Z_a-z][$\w]*$/;

// ---- text positions (prettier/src/utilities: is-next-line-empty, has-newline)

function hasNewlineInRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text[i] === '\n') return true;
  return false;
}

/** Whether the line after the one `end` is on is empty (comments and `,;` at the end of the line skipped). */
function isNextLineEmpty(text: string, end: number): boolean {
  let i = end;
  for (;;) {
    const before = i;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === ',' || text[i] === ';')) i++;
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close !== -1 && !hasNewlineInRange(text, i, close)) i = close + 2;
    }
    if (i === before) break;
  }
  if (text.startsWith('//', i)) while (i < text.length && text[i] !== '\n') i++;
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return false;
  i++;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '\n' || text[i] === '\r';
}

function printBlockComment(raw: string): Doc {
  const value = raw.slice(2, -2);
  const lines = `*${value}*`.split('\n');
  if (lines.length > 1 && lines.every((l) => l.trimStart()[0] === '*')) {
    // (Prettier 3.10: in a JSDoc comment, a line ending in two spaces, a Markdown line break, keeps them)
    const jsdoc = value[0] === '*' && value[1] !== '*';
    const last = lines.length - 1;
    return [
      '/',
      lines.map((raw, i) => {
        const l = raw.trimStart();
        if (i === 0) return [l.trimEnd(), hardline];
        if (i === last) return [' ', l];
        const trimmed = l.trimEnd();
        return jsdoc && trimmed !== '*' && l.endsWith('  ') ? [' ', trimmed, '  ', markAsRoot(literalline)] : [' ', trimmed, hardline];
      }),
      '/',
    ];
  }
  if (raw.includes('\n')) throw new Unsupported('multi-line block comment');
  return raw;
}

type Layout = 'break-after-operator' | 'never-break-after-operator' | 'fluid' | 'break-lhs';

class Printer {
  readonly claimed = new Set<number>();
  private readonly K: typeof ts.SyntaxKind;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly sf: ts.SourceFile,
    private readonly text: string,
  ) {
    this.K = ts.SyntaxKind;
  }

  program(): Doc {
    const parts = this.statements(this.sf.statements);
    // comments after the last statement are not placed (the count check reports them)
    return parts.length > 0 ? [parts, hardline] : '';
  }

  private statements(list: readonly ts.Statement[]): Doc[] {
    return this.members(list, hardline);
  }

  /** The comments before `node` that no enclosing node printed, then the node. */
  private print(node: ts.Node, args?: { layout?: Layout }): Doc {
    const ranges = this.commentsAt(node.pos);
    const lead: Doc[] = [];
    if (ranges.length > 0) {
      for (const r of ranges) {
        if (this.claimed.has(r.pos)) continue;
        this.claimed.add(r.pos);
        const raw = this.text.slice(r.pos, r.end);
        const ownLine = this.onlyWhitespaceBefore(r.pos);
        if (r.kind === this.K.SingleLineCommentTrivia) {
          if (!ownLine) throw new Unsupported('trailing line comment');
          lead.push(raw, hardline);
        } else {
          const newlineAfter = newlineFollows(this.text, r.end);
          if (!ownLine && newlineAfter) throw new Unsupported('trailing block comment');
          lead.push(printBlockComment(raw), newlineAfter ? hardline : ' ');
        }
        if (isNextLineEmptyAfterComment(this.text, r.end)) lead.push(hardline);
      }
    }
    const doc = this.node(node, args);
    return lead.length > 0 ? [...lead, doc] : doc;
  }

  /** Whether only spaces and tabs stand between the previous newline (or the file start) and `pos`. */
  /** The comments between the previous token and the node at `pos` (TypeScript calls those on the token's line trailing). */
  private commentsAt(pos: number): ts.CommentRange[] {
    const trailing = this.ts.getTrailingCommentRanges(this.text, pos) ?? [];
    const leading = this.ts.getLeadingCommentRanges(this.text, pos) ?? [];
    return trailing.length === 0 ? leading : [...trailing, ...leading.filter((r) => !trailing.some((x) => x.pos === r.pos))];
  }

  private onlyWhitespaceBefore(pos: number): boolean {
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.text[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  private raw(node: ts.Node): string {
    return node.getText(this.sf);
  }

  private has(node: ts.Node, kind: ts.SyntaxKind): boolean {
    return (this.ts.getModifiers(node as ts.HasModifiers) ?? []).some((m) => m.kind === kind);
  }

  private modifiers(node: ts.Node): Doc {
    const mods = this.ts.canHaveModifiers(node) ? (this.ts.getModifiers(node) ?? []) : [];
    return mods.map((m) => `${this.raw(m)} `);
  }

  // eslint-disable-next-line complexity
  private node(node: ts.Node, args?: { layout?: Layout }): Doc {
    const t = this.ts;
    const K = this.K;
    switch (node.kind) {
      case K.ImportDeclaration: {
        const n = node as ts.ImportDeclaration;
        const clause = n.importClause;
        if (!clause || n.attributes) throw new Unsupported('import form');
        const parts: Doc[] = ['import', clause.isTypeOnly ? ' type' : ''];
        const standalone: Doc[] = [];
        if (clause.name) standalone.push(this.print(clause.name));
        const bindings = clause.namedBindings;
        if (bindings && t.isNamespaceImport(bindings)) standalone.push(['* as ', this.print(bindings.name)]);
        parts.push(this.specifiers(standalone, bindings && t.isNamedImports(bindings) ? bindings.elements : undefined));
        return [...parts, ' from ', this.print(n.moduleSpecifier), ';'];
      }
      case K.ExportDeclaration: {
        const n = node as ts.ExportDeclaration;
        if (n.attributes) throw new Unsupported('export form');
        const parts: Doc[] = ['export', n.isTypeOnly ? ' type' : ''];
        const clause = n.exportClause;
        if (!clause) parts.push(' *');
        else if (t.isNamespaceExport(clause)) parts.push(this.specifiers([['* as ', this.print(clause.name)]], undefined));
        else parts.push(this.specifiers([], clause.elements));
        if (n.moduleSpecifier) parts.push(' from ', this.print(n.moduleSpecifier));
        return [...parts, ';'];
      }
      case K.ImportSpecifier:
      case K.ExportSpecifier: {
        const n = node as ts.ImportSpecifier | ts.ExportSpecifier;
        return [n.isTypeOnly ? 'type ' : '', n.propertyName ? [this.print(n.propertyName), ' as '] : '', this.print(n.name)];
      }
      case K.TypeAliasDeclaration: {
        const n = node as ts.TypeAliasDeclaration;
        const left = [this.modifiers(n), 'type ', this.print(n.name), this.typeParameters(n.typeParameters, 'declaration')];
        return [this.assignment(n, left, ' =', n.type), ';'];
      }
      case K.InterfaceDeclaration: {
        const n = node as ts.InterfaceDeclaration;
        if (n.heritageClauses?.length) throw new Unsupported('interface extends');
        return [this.modifiers(n), 'interface ', this.print(n.name), this.typeParameters(n.typeParameters, 'declaration'), ' ', this.classBody(n.members)];
      }
      case K.VariableStatement: {
        const n = node as ts.VariableStatement;
        const list = n.declarationList;
        if (list.declarations.length !== 1) throw new Unsupported('declaration list');
        const kind = list.flags & t.NodeFlags.Const ? 'const' : list.flags & t.NodeFlags.Let ? 'let' : 'var';
        return group([this.modifiers(n), kind, ' ', this.print(list.declarations[0]!), ';']);
      }
      case K.VariableDeclaration: {
        const n = node as ts.VariableDeclaration;
        const left: Doc = [this.print(n.name), n.type ? [': ', this.print(n.type)] : ''];
        return n.initializer ? this.assignment(n, left, ' =', n.initializer) : left;
      }
      case K.FunctionDeclaration: {
        const n = node as ts.FunctionDeclaration;
        if (!n.name || n.asteriskToken) throw new Unsupported('function form');
        const params = this.parameters(n);
        const ret = n.type ? [': ', this.print(n.type)] : '';
        return [
          this.modifiers(n),
          'function ',
          this.print(n.name),
          this.typeParameters(n.typeParameters, 'declaration'),
          group([this.shouldGroupParameters(n) ? group(params) : params, ret]),
          n.body ? [' ', this.print(n.body)] : ';',
        ];
      }
      case K.Block: {
        const n = node as ts.Block;
        if (n.statements.length === 0) {
          return '{}';
        }
        return ['{', indent([hardline, this.statements(n.statements)]), hardline, '}'];
      }
      case K.ReturnStatement: {
        const n = node as ts.ReturnStatement;
        if (!n.expression) return 'return;';
        if (t.isBinaryExpression(n.expression)) throw new Unsupported('return of a binary expression');
        return ['return ', this.print(n.expression), ';'];
      }
      case K.ExpressionStatement:
        return [this.print((node as ts.ExpressionStatement).expression), ';'];
      case K.ClassDeclaration: {
        const n = node as ts.ClassDeclaration;
        if (!n.name || n.typeParameters) throw new Unsupported('class form');
        const heritage = n.heritageClauses ?? [];
        if (heritage.length > 1 || heritage.some((h) => h.token !== K.ExtendsKeyword || h.types.length !== 1 || h.types[0]!.typeArguments)) throw new Unsupported('class heritage');
        const ext: Doc = heritage.length ? [' extends ', this.print(heritage[0]!.types[0]!.expression)] : '';
        return [this.modifiers(n), 'class ', this.print(n.name), ext, ' ', this.classBody(n.members)];
      }
      case K.Constructor: {
        const n = node as ts.ConstructorDeclaration;
        return [this.modifiers(n), 'constructor', group(this.parameters(n)), n.body ? [' ', this.print(n.body)] : ';'];
      }
      case K.PropertyDeclaration: {
        const n = node as ts.PropertyDeclaration;
        if (n.questionToken || n.exclamationToken) throw new Unsupported('property form');
        const left: Doc = [this.modifiers(n), this.key(n), n.type ? [': ', this.print(n.type)] : ''];
        return [n.initializer ? this.assignment(n, left, ' =', n.initializer) : left, ';'];
      }
      case K.Parameter: {
        const n = node as ts.ParameterDeclaration;
        if (n.dotDotDotToken || (this.ts.getModifiers(n)?.length ?? 0) > 0) throw new Unsupported('parameter form');
        const left: Doc = [this.print(n.name), n.questionToken ? '?' : '', n.type ? [': ', this.print(n.type)] : ''];
        return n.initializer ? [left, ' = ', this.print(n.initializer)] : left;
      }
      // ---- expressions
      case K.Identifier:
      case K.PrivateIdentifier:
      case K.ThisKeyword:
      case K.SuperKeyword:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
        return this.raw(node);
      case K.StringLiteral:
        return printString(this.raw(node));
      case K.NumericLiteral:
        return printNumber(this.raw(node));
      case K.PrefixUnaryExpression: {
        const n = node as ts.PrefixUnaryExpression;
        if (n.operator !== K.MinusToken || !t.isNumericLiteral(n.operand)) throw new Unsupported('unary');
        return ['-', this.print(n.operand)];
      }
      case K.ObjectLiteralExpression:
        return this.objectLiteral(node as ts.ObjectLiteralExpression);
      case K.PropertyAssignment: {
        const n = node as ts.PropertyAssignment;
        return this.assignment(n, this.key(n), ':', n.initializer);
      }
      case K.ShorthandPropertyAssignment: {
        const n = node as ts.ShorthandPropertyAssignment;
        if (n.objectAssignmentInitializer) throw new Unsupported('shorthand initializer');
        return this.print(n.name);
      }
      case K.SpreadAssignment:
        return ['...', this.print((node as ts.SpreadAssignment).expression)];
      case K.ArrayLiteralExpression:
        return this.arrayLiteral(node as ts.ArrayLiteralExpression);
      case K.CallExpression: {
        const n = node as ts.CallExpression;
        if (n.questionDotToken || n.typeArguments) throw new Unsupported('call form');
        const callee = n.expression;
        if (!(t.isIdentifier(callee) || callee.kind === K.SuperKeyword || (t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && !callee.questionDotToken))) {
          throw new Unsupported('callee');
        }
        return [this.print(callee), this.callArguments(n.arguments)];
      }
      case K.PropertyAccessExpression: {
        const n = node as ts.PropertyAccessExpression;
        if (n.questionDotToken || !t.isIdentifier(n.expression)) throw new Unsupported('member chain');
        return [this.print(n.expression), '.', this.print(n.name)];
      }
      case K.AsExpression: {
        const n = node as ts.AsExpression;
        if (!t.isIdentifier(n.expression)) throw new Unsupported('cast operand');
        return [this.print(n.expression), ' as ', this.print(n.type)];
      }
      // ---- types
      case K.AnyKeyword:
      case K.UnknownKeyword:
      case K.NumberKeyword:
      case K.BigIntKeyword:
      case K.ObjectKeyword:
      case K.BooleanKeyword:
      case K.StringKeyword:
      case K.SymbolKeyword:
      case K.VoidKeyword:
      case K.UndefinedKeyword:
      case K.NeverKeyword:
      case K.ThisType:
        return this.raw(node);
      case K.LiteralType:
        return this.print((node as ts.LiteralTypeNode).literal);
      case K.TypeReference: {
        const n = node as ts.TypeReferenceNode;
        return [this.print(n.typeName), this.typeArguments(n.typeArguments)];
      }
      case K.QualifiedName: {
        const n = node as ts.QualifiedName;
        return [this.print(n.left), '.', this.print(n.right)];
      }
      case K.ExpressionWithTypeArguments: {
        const n = node as ts.ExpressionWithTypeArguments;
        return [this.print(n.expression), this.typeArguments(n.typeArguments)];
      }
      case K.TypeLiteral:
        return this.typeLiteral(node as ts.TypeLiteralNode);
      case K.PropertySignature: {
        const n = node as ts.PropertySignature;
        const ro = this.has(n, K.ReadonlyKeyword) ? 'readonly ' : '';
        if ((this.ts.getModifiers(n)?.length ?? 0) > (ro ? 1 : 0)) throw new Unsupported('member modifiers');
        return [group([ro, this.key(n), n.questionToken ? '?' : '', n.type ? [': ', this.typeIn(n.type, 'annotation')] : '']), this.memberSemicolon(n)];
      }
      case K.MethodSignature: {
        const n = node as ts.MethodSignature;
        const params = this.parameters(n);
        return [
          group([this.key(n), n.questionToken ? '?' : '', this.shouldGroupParameters(n) ? group(params) : params, n.type ? group([': ', this.print(n.type)]) : '']),
          this.memberSemicolon(n),
        ];
      }
      case K.IndexSignature: {
        const n = node as ts.IndexSignatureDeclaration;
        const ro = this.has(n, K.ReadonlyKeyword) ? 'readonly ' : '';
        if (n.parameters.length !== 1) throw new Unsupported('index signature');
        const paramsGroup = group([indent([softline, this.print(n.parameters[0]!)]), softline]);
        return [group([ro, '[', paramsGroup, ']', [': ', this.print(n.type)]]), this.memberSemicolon(n)];
      }
      case K.UnionType:
        return this.unionType(node as ts.UnionTypeNode, args);
      case K.IntersectionType:
        return this.intersectionType(node as ts.IntersectionTypeNode);
      case K.ParenthesizedType:
        return this.print((node as ts.ParenthesizedTypeNode).type, args);
      case K.ArrayType:
        return [this.typeIn((node as ts.ArrayTypeNode).elementType, 'array'), '[]'];
      case K.IndexedAccessType: {
        const n = node as ts.IndexedAccessTypeNode;
        return [this.typeIn(n.objectType, 'object'), '[', this.print(n.indexType), ']'];
      }
      case K.TypeOperator: {
        const n = node as ts.TypeOperatorNode;
        return [t.tokenToString(n.operator)!, ' ', this.typeIn(n.type, 'operator')];
      }
      case K.InferType: {
        const n = node as ts.InferTypeNode;
        if (n.typeParameter.constraint) throw new Unsupported('infer extends');
        return ['infer ', this.print(n.typeParameter)];
      }
      case K.TypeParameter: {
        const n = node as ts.TypeParameterDeclaration;
        if (this.ts.getModifiers(n)?.length) throw new Unsupported('type parameter modifiers');
        return [this.print(n.name), n.constraint ? [' extends ', this.print(n.constraint)] : '', n.default ? [' = ', this.print(n.default)] : ''];
      }
      case K.FunctionType: {
        const n = node as ts.FunctionTypeNode;
        const params = this.parameters(n, true);
        return group([this.shouldGroupParameters(n) ? group(params) : params, ' => ', this.print(n.type)]);
      }
      case K.TupleType: {
        const n = node as ts.TupleTypeNode;
        if (n.elements.length === 0) return '[]';
        if (n.elements.some((e) => !this.isTypeNode(e))) throw new Unsupported('tuple member');
        return group(['[', indent([softline, join([',', line], n.elements.map((e) => group(this.typeIn(e, 'tuple'))))]), ifBreak(','), softline, ']']);
      }
      case K.ConditionalType:
        return this.conditionalType(node as ts.ConditionalTypeNode, undefined);
      case K.MappedType:
        return this.mappedType(node as ts.MappedTypeNode);
      case K.TypeQuery: {
        const n = node as ts.TypeQueryNode;
        if (n.typeArguments) throw new Unsupported('typeof with arguments');
        return ['typeof ', this.print(n.exprName)];
      }
      default:
        throw new Unsupported(t.SyntaxKind[node.kind]);
    }
  }

  private isTypeNode(node: ts.Node): boolean {
    return node.kind >= this.K.FirstTypeNode && node.kind <= this.K.LastTypeNode && node.kind !== this.K.NamedTupleMember && node.kind !== this.K.RestType && node.kind !== this.K.OptionalType;
  }

  // ---- modules

  private specifiers(standalone: Doc[], grouped: readonly (ts.ImportSpecifier | ts.ExportSpecifier)[] | undefined): Doc {
    const parts: Doc[] = [' ', join(', ', standalone)];
    if (grouped) {
      if (grouped.length === 0) return [...parts, standalone.length ? ', ' : '', '{}'];
      if (standalone.length > 0) parts.push(', ');
      const printed = grouped.map((s) => this.print(s));
      if (grouped.length > 1 || standalone.length > 0) parts.push(group(['{', indent([line, join([',', line], printed)]), ifBreak(','), line, '}']));
      else parts.push(['{ ', ...printed, ' }']);
    }
    return parts;
  }

  // ---- assignments (prettier/src/language-js/print/assignment.js)

  private assignment(node: ts.Node, left: Doc, operator: string, right: ts.Node): Doc {
    const layout = this.chooseLayout(node, left, right);
    const rightDoc = this.print(right, { layout });
    switch (layout) {
      case 'break-after-operator':
        return group([group(left), operator, group(indent([line, rightDoc]))]);
      case 'never-break-after-operator':
        return group([group(left), operator, ' ', rightDoc]);
      case 'break-lhs':
        return group([left, operator, ' ', group(rightDoc)]);
      case 'fluid': {
        const id = Symbol('assignment');
        return group([group(left), operator, group(indent(line), { id }), lineSuffixBoundary, indentIfBreak(rightDoc, { groupId: id })]);
      }
    }
  }

  private chooseLayout(node: ts.Node, left: Doc, right: ts.Node): Layout {
    const t = this.ts;
    const K = this.K;
    const r = this.strip(right);
    if ((r.kind === K.UnionType && !this.shouldHugUnion(r as ts.UnionTypeNode)) || this.hasOwnLineOrIndentableLeadingComment(right)) return 'break-after-operator';
    if (t.isVariableDeclaration(node) && node.type && this.hasComplexTypeAnnotation(node.type)) return 'break-lhs';
    const isProperty = t.isPropertyAssignment(node);
    const canBreakLeft = utils.canBreak(left);
    const hasShortKey = isProperty && typeof left === 'string' && left.length < 2 + 3;
    if (this.shouldBreakAfterOperator(r, hasShortKey)) return 'break-after-operator';
    if (t.isTypeAliasDeclaration(node) && (node.typeParameters?.length ?? 0) > 1 && node.typeParameters!.some((p) => p.constraint || p.default)) return 'break-lhs';
    if (!canBreakLeft && (hasShortKey || r.kind === K.TrueKeyword || r.kind === K.FalseKeyword || r.kind === K.NumericLiteral || r.kind === K.NoSubstitutionTemplateLiteral)) return 'never-break-after-operator';
    return 'fluid';
  }

  private shouldBreakAfterOperator(r: ts.Node, hasShortKey: boolean): boolean {
    const t = this.ts;
    if (t.isBinaryExpression(r)) throw new Unsupported('binary expression');
    if (t.isConditionalTypeNode(r)) return this.isGeneric(r.checkType) || this.isGeneric(r.extendsType);
    if (hasShortKey) return false;
    let n = r;
    while (t.isPrefixUnaryExpression(n) || t.isNonNullExpression(n)) n = t.isPrefixUnaryExpression(n) ? n.operand : n.expression;
    if (t.isStringLiteral(n) || t.isNoSubstitutionTemplateLiteral(n)) return true;
    return this.isPoorlyBreakableChain(n, false);
  }

  private isPoorlyBreakableChain(n: ts.Node, deep: boolean): boolean {
    const t = this.ts;
    if (t.isCallExpression(n)) {
      const a = n.arguments;
      if (!(a.length === 0 || (a.length === 1 && this.isLoneShortArgument(a[0]!)))) return false;
      if (n.typeArguments) throw new Unsupported('call type arguments');
      // (member chains of calls: not in emitted code; `JSON.parse('…')` is one group, printed as a plain call)
      if (t.isPropertyAccessExpression(n.expression) && !t.isIdentifier(n.expression.expression)) throw new Unsupported('call chain');
      return this.isPoorlyBreakableChain(n.expression, true);
    }
    if (t.isPropertyAccessExpression(n)) return this.isPoorlyBreakableChain(n.expression, true);
    return deep && (t.isIdentifier(n) || n.kind === this.K.ThisKeyword);
  }

  private isLoneShortArgument(arg: ts.Node): boolean {
    const t = this.ts;
    const threshold = WIDTH / 4;
    if (this.commentsAt(arg.pos)?.length) return false;
    if (arg.kind === this.K.ThisKeyword || t.isIdentifier(arg)) return arg.getText(this.sf).length <= threshold;
    if (t.isPrefixUnaryExpression(arg)) return this.isLoneShortArgument(arg.operand);
    if (t.isStringLiteral(arg)) return printString(arg.getText(this.sf)).length <= threshold;
    if (t.isNumericLiteral(arg) || arg.kind === this.K.TrueKeyword || arg.kind === this.K.FalseKeyword || arg.kind === this.K.NullKeyword) return true;
    if (t.isObjectLiteralExpression(arg)) return arg.properties.length === 0;
    if (t.isArrayLiteralExpression(arg)) return arg.elements.length === 0;
    throw new Unsupported('lone argument kind');
  }

  private isGeneric(n: ts.TypeNode): boolean {
    const t = this.ts;
    if (t.isFunctionTypeNode(n)) return Boolean(n.typeParameters);
    if (t.isTypeReferenceNode(n)) return Boolean(n.typeArguments);
    return false;
  }

  private hasComplexTypeAnnotation(type: ts.TypeNode): boolean {
    const t = this.ts;
    if (!t.isTypeReferenceNode(type) || !type.typeArguments || type.typeArguments.length < 2) return false;
    return type.typeArguments.some((a) => (t.isTypeReferenceNode(a) && (a.typeArguments?.length ?? 0) > 0) || t.isConditionalTypeNode(a));
  }

  private hasOwnLineOrIndentableLeadingComment(node: ts.Node): boolean {
    for (const r of this.commentsAt(node.pos) ?? []) {
      if (this.claimed.has(r.pos)) continue;
      if (r.kind === this.K.SingleLineCommentTrivia || hasNewlineInRange(this.text, node.pos, r.pos)) return true;
      const lines = `*${this.text.slice(r.pos + 2, r.end - 2)}*`.split('\n');
      if (lines.length > 1 && lines.every((l) => l.trimStart()[0] === '*')) return true;
    }
    return false;
  }

  private strip(n: ts.Node): ts.Node {
    while (this.ts.isParenthesizedTypeNode(n)) n = n.type;
    return n;
  }

  // ---- objects, arrays, calls

  private key(n: ts.PropertyAssignment | ts.PropertySignature | ts.MethodSignature | ts.PropertyDeclaration): Doc {
    const t = this.ts;
    const name = n.name;
    if (t.isComputedPropertyName(name)) return ['[', this.print(name.expression), ']'];
    if (t.isStringLiteral(name)) {
      const raw = name.getText(this.sf);
      const printed = printString(raw);
      const value = name.text;
      if (printed.slice(1, -1) === value && ES5_IDENTIFIER.test(value) && !(t.isMethodSignature(n) && value === 'new')) return value;
      if (/[^\x00-\x7f]/.test(value)) throw new Unsupported('non-ASCII key');
      return printed;
    }
    return this.print(name);
  }

  private objectLiteral(n: ts.ObjectLiteralExpression): Doc {
    const props = n.properties;
    if (props.length === 0) return '{}';
    const shouldBreak = this.breaksAfterBrace(n, props[0]!);
    let sep: Doc[] = [];
    const parts = props.map((p) => {
      const out = [...sep, this.print(p)];
      sep = [',', line];
      if (isNextLineEmpty(this.text, p.end)) sep.push(hardline);
      return out;
    });
    return group(['{', indent([line, ...parts]), ifBreak(','), line, '}'], { shouldBreak });
  }

  private arrayLiteral(n: ts.ArrayLiteralExpression): Doc {
    const t = this.ts;
    const els = n.elements;
    if (els.length === 0) {
      return '[]';
    }
    if (els.some((e) => t.isOmittedExpression(e) || t.isSpreadElement(e))) throw new Unsupported('array element');
    const shouldBreak =
      els.length > 1 &&
      els.every((e, i) => {
        if (!t.isArrayLiteralExpression(e) && !t.isObjectLiteralExpression(e)) return false;
        const next = els[i + 1];
        if (next && next.kind !== e.kind) return false;
        return (t.isArrayLiteralExpression(e) ? e.elements.length : e.properties.length) > 1;
      });
    const concise = els.every((e) => t.isNumericLiteral(e) || (t.isPrefixUnaryExpression(e) && t.isNumericLiteral(e.operand)));
    const id = Symbol('array');
    let body: Doc;
    if (concise) {
      const parts: Doc[] = [];
      els.forEach((e, i) => {
        const last = i === els.length - 1;
        parts.push([this.print(e), last ? ifBreak(',', '', { groupId: id }) : ',']);
        if (!last) parts.push(this.lineAfterElementEmpty(e) ? [hardline, hardline] : line);
      });
      body = fill(parts);
    } else {
      const parts: Doc[] = [];
      els.forEach((e, i) => {
        parts.push(group(this.print(e)));
        if (i < els.length - 1) parts.push([',', line, this.lineAfterElementEmpty(e) ? softline : '']);
      });
      body = [parts, ifBreak(',')];
    }
    return group(['[', indent([softline, body]), softline, ']'], { shouldBreak, id });
  }

  private lineAfterElementEmpty(e: ts.Node): boolean {
    let i = e.end;
    while (i < this.text.length && this.text[i] !== ',') i++;
    return isNextLineEmpty(this.text, i + 1);
  }

  private callArguments(args: readonly ts.Expression[]): Doc {
    const t = this.ts;
    if (args.length === 0) return '()';
    let anyEmptyLine = false;
    const printed = args.map((a, i) => {
      const doc = this.print(a);
      if (i === args.length - 1) return doc;
      if (isNextLineEmpty(this.text, a.end)) {
        anyEmptyLine = true;
        return [doc, ',', hardline, hardline];
      }
      return [doc, ',', line];
    });
    const allBroken = (): Doc => group(['(', indent([line, ...printed]), ifBreak(','), line, ')'], { shouldBreak: true });
    if (anyEmptyLine) return allBroken();
    const lastArg = args[args.length - 1]!;
    const penultimate = args[args.length - 2];
    const couldExpand = (a: ts.Expression): boolean =>
      (t.isObjectLiteralExpression(a) && a.properties.length > 0) || (t.isArrayLiteralExpression(a) && a.elements.length > 0) || t.isArrowFunction(a) || t.isFunctionExpression(a);
    if (t.isArrowFunction(args[0]!) || t.isFunctionExpression(args[0]!)) throw new Unsupported('function argument');
    const lastConcise = t.isArrayLiteralExpression(lastArg) && lastArg.elements.length > 0 && lastArg.elements.every((e) => t.isNumericLiteral(e) || (t.isPrefixUnaryExpression(e) && t.isNumericLiteral(e.operand)));
    const hasComments = (a: ts.Node): boolean => Boolean(this.commentsAt(a.pos)?.length) || Boolean(this.ts.getTrailingCommentRanges(this.text, a.end)?.length);
    if (couldExpand(lastArg) && !hasComments(lastArg) && (!penultimate || penultimate.kind !== lastArg.kind) && !(args.length > 1 && lastConcise)) {
      if (t.isArrowFunction(lastArg) || t.isFunctionExpression(lastArg)) throw new Unsupported('function argument');
      const head = printed.slice(0, -1);
      if (head.some((d) => utils.willBreak(d))) return allBroken();
      // (an object or array last argument prints the same with and without expandLastArg)
      const last = printed[printed.length - 1]!;
      if (utils.willBreak(last)) return [builders.breakParent, conditionalGroup([['(', ...head, group(last, { shouldBreak: true }), ')'], allBroken()])];
      return conditionalGroup([['(', ...head, last, ')'], ['(', ...head, group(last, { shouldBreak: true }), ')'], allBroken()]);
    }
    return group(['(', indent([softline, ...printed]), ifBreak(','), softline, ')'], { shouldBreak: printed.some((d) => utils.willBreak(d)) });
  }

  // ---- functions

  private parameters(n: ts.SignatureDeclarationBase, printTypeParams = n.kind === this.K.MethodSignature): Doc {
    const typeParams = printTypeParams ? this.typeParameters(n.typeParameters, 'declaration') : '';
    const params = n.parameters;
    if (params.length === 0) return [typeParams, '()'];
    if (params.length === 1 && this.shouldHugOnlyParameter(params[0]!)) return [typeParams, '(', this.print(params[0]!), ')'];
    const printed: Doc[] = [];
    params.forEach((p, i) => {
      printed.push(this.print(p));
      if (i < params.length - 1) printed.push(',', isNextLineEmpty(this.text, p.end) ? [hardline, hardline] : line);
    });
    return [typeParams, '(', indent([softline, ...printed]), ifBreak(','), softline, ')'];
  }

  private shouldHugOnlyParameter(p: ts.ParameterDeclaration): boolean {
    const t = this.ts;
    if (t.isObjectBindingPattern(p.name) || t.isArrayBindingPattern(p.name)) throw new Unsupported('destructured parameter');
    return Boolean(p.type && !p.initializer && !p.questionToken && (t.isTypeLiteralNode(p.type) || t.isMappedTypeNode(p.type)));
  }

  private shouldGroupParameters(n: ts.SignatureDeclarationBase): boolean {
    const ret = n.type;
    if (!ret) return false;
    const tps = n.typeParameters;
    if (tps && tps.length > 1) return false;
    if (tps && tps.length === 1 && (tps[0]!.constraint || tps[0]!.default)) return false;
    if (n.parameters.length !== 1) return false;
    const t = this.ts;
    const r = this.strip(ret);
    if (t.isTypeLiteralNode(r) || t.isMappedTypeNode(r)) return true;
    return utils.willBreak(this.peek(ret));
  }

  /** A node's doc without claiming its comments (for willBreak checks; comments would break it anyway). */
  private peek(node: ts.Node): Doc {
    const saved = new Set(this.claimed);
    const doc = this.print(node);
    this.claimed.clear();
    for (const c of saved) this.claimed.add(c);
    return doc;
  }

  // ---- type bodies (prettier/src/language-js/print/class-body.js)

  private classBody(members: readonly (ts.TypeElement | ts.ClassElement)[]): Doc {
    if (members.length === 0) return '{}';
    if (members.some((m) => this.ts.isSemicolonClassElement(m))) throw new Unsupported('stray semicolon');
    return ['{', indent([hardline, this.members(members, hardline)]), hardline, '}'];
  }

  /** Statements or members with `separator` between them, a blank line kept where the source has one. */
  private members(members: readonly ts.Node[], separator: Doc): Doc[] {
    const parts: Doc[] = [];
    members.forEach((m, i) => {
      parts.push(this.print(m));
      if (i < members.length - 1) {
        parts.push(separator);
        if (isNextLineEmpty(this.text, m.end)) parts.push(hardline);
      }
    });
    return parts;
  }

  /** Prettier keeps an object expanded when the source breaks the line between `{` and its first member. */
  private breaksAfterBrace(n: ts.Node, first: ts.Node): boolean {
    return hasNewlineInRange(this.text, n.getStart(this.sf), first.getStart(this.sf));
  }

  private typeLiteral(n: ts.TypeLiteralNode): Doc {
    const members = n.members;
    if (members.length === 0) return '{}';
    const shouldBreak = this.breaksAfterBrace(n, members[0]!);
    const parts = this.members(members, line);
    const content = ['{', indent([line, ...parts]), line, '}'];
    // (a type literal as the only parameter's type hugs: its parent prints no group around it)
    const param = n.parent;
    if (this.ts.isParameter(param) && param.type === n && this.shouldHugOnlyParameter(param) && (param.parent as ts.SignatureDeclarationBase).parameters.length === 1) return content;
    return group(content, { shouldBreak });
  }

  private memberSemicolon(m: ts.TypeElement): Doc {
    const parent = m.parent;
    if (this.ts.isTypeLiteralNode(parent)) return parent.members[parent.members.length - 1] === m ? ifBreak(';') : ';';
    return ';';
  }

  // ---- types with Prettier's own layouts

  private typeArguments(list: ts.NodeArray<ts.TypeNode> | undefined): Doc {
    if (!list) return '';
    if (list.length === 0) return '<>';
    if (list.length === 1 && this.shouldHugType(list[0]!)) return ['<', this.typeIn(list[0]!, 'typeArgs'), '>'];
    return group(['<', indent([softline, join([',', line], list.map((a) => this.typeIn(a, 'typeArgs')))]), softline, '>']);
  }

  private typeParameters(list: ts.NodeArray<ts.TypeParameterDeclaration> | undefined, _kind: 'declaration'): Doc {
    if (!list) return '';
    if (list.length === 0) return '<>';
    return group(['<', indent([softline, join([',', line], list.map((p) => this.print(p)))]), ifBreak(','), softline, '>']);
  }

  private shouldHugType(n: ts.TypeNode): boolean {
    const r = this.strip(n);
    const t = this.ts;
    if (this.isSimpleType(r) || t.isTypeLiteralNode(r) || t.isMappedTypeNode(r)) return true;
    if (t.isUnionTypeNode(r)) return this.shouldHugUnion(r);
    return false;
  }

  private isSimpleType(n: ts.Node): boolean {
    const K = this.K;
    if (this.ts.isTypeReferenceNode(n)) return !n.typeArguments;
    return [K.AnyKeyword, K.UnknownKeyword, K.NumberKeyword, K.BigIntKeyword, K.ObjectKeyword, K.BooleanKeyword, K.StringKeyword, K.SymbolKeyword, K.VoidKeyword, K.UndefinedKeyword, K.NeverKeyword, K.ThisType].includes(n.kind) || (this.ts.isLiteralTypeNode(n) && n.literal.kind === K.NullKeyword);
  }

  private shouldHugUnion(n: ts.UnionTypeNode): boolean {
    const t = this.ts;
    const types = n.types.map((x) => this.strip(x));
    if (n.types.some((x) => this.commentsAt(x.pos)?.some((r) => !this.claimed.has(r.pos)))) return false;
    const isObjectLike = (x: ts.Node): boolean => t.isTypeLiteralNode(x) || t.isTypeReferenceNode(x);
    const isVoid = (x: ts.Node): boolean => x.kind === this.K.VoidKeyword || (t.isLiteralTypeNode(x) && x.literal.kind === this.K.NullKeyword);
    const obj = types.find(isObjectLike);
    if (!obj) return false;
    return types.every((x) => x === obj || isVoid(x));
  }

  /** A type in a position: adds the parentheses Prettier adds (and drops those it drops). */
  private typeIn(n: ts.TypeNode, position: 'annotation' | 'array' | 'object' | 'operator' | 'intersection' | 'union' | 'typeArgs' | 'tuple' | 'conditional'): Doc {
    const t = this.ts;
    const inner = this.strip(n);
    const parens =
      ((position === 'array' || position === 'object' || position === 'operator') &&
        (t.isUnionTypeNode(inner) || t.isIntersectionTypeNode(inner) || t.isFunctionTypeNode(inner) || t.isConditionalTypeNode(inner) || t.isTypeOperatorNode(inner) || (position === 'array' && t.isInferTypeNode(inner)))) ||
      // (a union in a union and an intersection in an intersection keep theirs: the tree is nested)
      (position === 'intersection' && (t.isUnionTypeNode(inner) || t.isIntersectionTypeNode(inner) || t.isFunctionTypeNode(inner) || t.isConditionalTypeNode(inner))) ||
      (position === 'union' && (t.isUnionTypeNode(inner) || t.isIntersectionTypeNode(inner) || t.isFunctionTypeNode(inner) || t.isConditionalTypeNode(inner)));
    if (position === 'operator' && t.isTypeOperatorNode(inner)) throw new Unsupported('nested type operator');
    if (!parens) {
      if (t.isUnionTypeNode(inner)) return this.withComments(n, inner, () => this.unionType(inner, undefined, position));
      return this.print(n);
    }
    if (t.isUnionTypeNode(inner)) return this.withComments(n, inner, () => ['(', group([indent([softline, this.unionBody(inner)]), softline]), ')']);
    return ['(', this.print(n), ')'];
  }

  /** Prints `inner` (the node under `outer`'s parentheses) with the comments before `outer`. */
  private withComments(outer: ts.Node, inner: ts.Node, body: () => Doc): Doc {
    for (const node of [outer, inner]) {
      for (const r of this.commentsAt(node.pos) ?? []) if (!this.claimed.has(r.pos)) throw new Unsupported('comment on a type');
    }
    return body();
  }

  private unionBody(n: ts.UnionTypeNode): Doc {
    return group(n.types.map((x, i) => [i === 0 ? ifBreak('| ') : [line, '| '], align(2, this.typeIn(x, 'union'))]));
  }

  private unionType(n: ts.UnionTypeNode, args?: { layout?: Layout }, position?: string): Doc {
    if (this.shouldHugUnion(n)) return join(' | ', n.types.map((x) => this.typeIn(x, 'union')));
    const printed = this.unionBody(n);
    if (args?.layout === 'break-after-operator') return printed;
    // (no indent as a type argument, a tuple member or a conditional type's branch)
    if (position === 'typeArgs' || position === 'tuple' || position === 'conditional') return printed;
    if (position === 'tuple') throw new Unsupported('union in tuple');
    return group(indent([softline, printed]));
  }

  private intersectionType(n: ts.IntersectionTypeNode): Doc {
    const t = this.ts;
    const isObj = (x: ts.TypeNode): boolean => {
      const r = this.strip(x);
      return t.isTypeLiteralNode(r) || t.isMappedTypeNode(r);
    };
    let wasIndented = false;
    return group(
      n.types.map((x, i) => {
        const doc = this.typeIn(x, 'intersection');
        if (i === 0) return doc;
        const prevObj = isObj(n.types[i - 1]!);
        const curObj = isObj(x);
        if (prevObj && curObj) return [' & ', wasIndented ? indent(doc) : doc];
        if (!prevObj && !curObj) return indent([' &', line, doc]);
        if (i > 1) wasIndented = true;
        return [' & ', i > 1 ? indent(doc) : doc];
      }),
    );
  }

  private conditionalType(n: ts.ConditionalTypeNode, parentOf: ts.ConditionalTypeNode | undefined): Doc {
    const t = this.ts;
    const cond = (x: ts.TypeNode): ts.ConditionalTypeNode | undefined => {
      const r = this.strip(x);
      return t.isConditionalTypeNode(r) ? r : undefined;
    };
    if (cond(n.checkType) || cond(n.extendsType)) throw new Unsupported('conditional in a conditional test');
    const trueCond = cond(n.trueType);
    const falseCond = cond(n.falseType);
    const branch = (x: ts.TypeNode, c: ts.ConditionalTypeNode | undefined): Doc => align(2, c ? this.withComments(x, c, () => this.conditionalType(c, n)) : this.typeIn(x, 'conditional'));
    const part: Doc[] = [line, '? ', trueCond ? ifBreak('', '(') : '', branch(n.trueType, trueCond), trueCond ? ifBreak('', ')') : '', line, ': ', branch(n.falseType, falseCond)];
    const isAlternate = parentOf !== undefined && this.strip(parentOf.falseType) === n;
    const parts = parentOf === undefined || isAlternate ? part : align(0, part);
    const test: Doc = [this.print(n.checkType), ' extends ', this.print(n.extendsType)];
    const result = [isAlternate ? align(2, test) : test, parentOf ? parts : indent(parts)];
    return parentOf === undefined ? group(result) : result;
  }

  private mappedType(n: ts.MappedTypeNode): Doc {
    const start = n.getStart(this.sf) + 1;
    const after = this.text.slice(start);
    const next = start + after.search(/\S/);
    const shouldBreak = hasNewlineInRange(this.text, start, next);
    const mod = (token: ts.Node | undefined, keyword: string): Doc => {
      if (!token) return '';
      const k = token.kind;
      return k === this.K.PlusToken ? `+${keyword}` : k === this.K.MinusToken ? `-${keyword}` : keyword;
    };
    if (n.members?.length) throw new Unsupported('mapped type members');
    const tp = n.typeParameter;
    return group(
      [
        '{',
        indent([
          line,
          n.readonlyToken ? [mod(n.readonlyToken, 'readonly'), ' '] : '',
          group(['[', indent([softline, this.print(tp.name), ' in ', this.print(tp.constraint!), n.nameType ? [' as ', this.print(n.nameType)] : '']), softline, ']']),
          mod(n.questionToken, '?'),
          n.type ? ': ' : '',
          n.type ? this.print(n.type) : '',
          ifBreak(';'),
        ]),
        line,
        '}',
      ],
      { shouldBreak },
    );
  }
}

function newlineFollows(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '\n' || text[i] === '\r';
}

function isNextLineEmptyAfterComment(text: string, end: number): boolean {
  // prettier: skipNewline(skipSpaces(end)) then hasNewline
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return false;
  i++;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '\n' || text[i] === '\r';
}
