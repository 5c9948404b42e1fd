/**
 * Makes `view` a GraphQL view of `row`: the row's columns become its fields, and the request's
 * loaders, which its getters read nested objects through, sit on it unseen (not enumerable, so
 * never serialised or copied).
 */
export function asView<V extends object>(view: V, row: object, loaders: unknown): void {
  Object.assign(view, row);
  Object.defineProperty(view, 'loaders', { value: loaders, enumerable: false });
}
