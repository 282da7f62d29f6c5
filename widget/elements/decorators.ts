// @property() and @state() for Parley's elements. They do what Lit's decorators do for class fields under
// `experimentalDecorators` (one createProperty call); Lit's own also carry the standard-decorator path, which this
// build never uses and every reader would download.
import type { PropertyDeclaration, ReactiveElement } from "lit";

/** A public reactive property, by default with an attribute of the same name. */
export const property =
  (options?: PropertyDeclaration) =>
  (proto: ReactiveElement, name: string): void =>
    (proto.constructor as typeof ReactiveElement).createProperty(name, options);

/** Internal reactive state: renders when it changes, has no attribute. */
export const state = () => property({ state: true, attribute: false });
