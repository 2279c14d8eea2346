import type { z } from 'zod';
import type { Contract } from './contract.ts';
import type { Operation, OperationShape } from './operation.ts';
import type { VersionDefinition } from './version.ts';

// Per-version operation types, inferred from a contract definition with no code generation: start from the head
// operations and fold each version's changes in the order the runtime applies them going down, replacing the
// parts a change declares in `before` and dropping operations it marks `added`. `declaredShapeMismatches` checks
// at run time that the declared schemas are the ones the schema edits derive, so these types follow the wire.

type RequestPart = 'params' | 'query' | 'body';

/** An operation's shape after a change that declares the older schemas `D` of some of its parts. */
interface Edited<S extends OperationShape, D> {
  readonly method: S['method'];
  readonly request: Omit<S['request'], keyof D & RequestPart> & Pick<D, keyof D & RequestPart>;
  readonly response: D extends { readonly response: infer R extends z.ZodType }
    ? { readonly body: R }
    : S['response'];
}

type Added<Ch, Id> = Ch extends { readonly operations: infer Ops }
  ? Id extends keyof Ops
    ? Ops[Id] extends { readonly added: true }
      ? true
      : false
    : false
  : false;

// A change typed only as `VersionChange` (an annotation, not `satisfies`) declares nothing the types can see.
type Declared<Ch, Id> = Ch extends { readonly before?: infer B }
  ? string extends keyof NonNullable<B>
    ? undefined
    : Id extends keyof NonNullable<B>
      ? NonNullable<NonNullable<B>[Id]>
      : undefined
  : undefined;

type ApplyChange<Shapes, Ch> = {
  readonly [Id in keyof Shapes as Added<Ch, Id> extends true ? never : Id]: Declared<Ch, Id> extends undefined
    ? Shapes[Id]
    : Shapes[Id] extends OperationShape
      ? Edited<Shapes[Id], Declared<Ch, Id>>
      : never;
};

// Going down, a version's changes apply in listed order. A list that is not a tuple carries no types: unchanged.
type ApplyChanges<Shapes, Changes> = Changes extends readonly [infer First, ...infer Rest]
  ? ApplyChanges<ApplyChange<Shapes, First>, Rest>
  : Shapes;

type ByVersion<Shapes, Vs> = Vs extends readonly [infer V extends VersionDefinition, ...infer Rest]
  ? { readonly [K in V['version']]: Shapes } & ByVersion<ApplyChanges<Shapes, V['changes']>, Rest>
  : unknown;

type HeadShapes<Ops extends readonly Operation[]> = { readonly [Op in Ops[number] as Op['id']]: Op };

/**
 * Narrows a version known only at run time (configuration) to the contract's versions, so a client can be
 * typed by it: `if (!hasVersion(caseManagement, pinned)) throw …`.
 */
export function hasVersion<C extends Contract>(
  contract: C,
  version: string,
): version is VersionId<C> & string {
  return contract.resolve(version) !== undefined;
}

/** The version ids of a contract as a union of literals (`string` for a contract typed loosely). */
export type VersionId<C> = C extends Contract<readonly Operation[], infer Vs> ? Vs[number]['version'] : never;

/** The head version's id. */
export type HeadVersionId<C> =
  C extends Contract<readonly Operation[], infer Vs>
    ? Vs extends readonly [infer Head extends VersionDefinition, ...unknown[]]
      ? Head['version']
      : string
    : never;

/**
 * Every operation that exists at version `V` of contract `C`, by id, as an {@link OperationShape} with its zod
 * types. For a contract whose versions are not a typed tuple, the head operations.
 */
export type OperationsAt<C, V extends string> =
  C extends Contract<infer Ops, infer Vs>
    ? Vs extends readonly [unknown, ...unknown[]]
      ? V extends keyof ByVersion<HeadShapes<Ops>, Vs>
        ? ByVersion<HeadShapes<Ops>, Vs>[V]
        : never
      : HeadShapes<Ops>
    : never;

/** The ids of the operations that exist at version `V`. */
export type OperationIdAt<C, V extends string> = keyof OperationsAt<C, V> & string;

/** Operation `Id` as it is at version `V`. */
export type OperationAt<C, V extends string, Id extends string> =
  OperationsAt<C, V> extends infer All
    ? Id extends keyof All
      ? All[Id] extends OperationShape
        ? All[Id]
        : never
      : never
    : never;
