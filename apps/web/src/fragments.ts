import { graphql } from './gql';

// Fields several screens read, named once; the generated documents carry them where they are used.

export const HolderNameFragment = graphql(`
  fragment HolderName on Agency {
    id
    nameRu
    nameKk
    nameEn
    level
  }
`);

export const ListedFunctionFragment = graphql(`
  fragment ListedFunction on StateFunction {
    id
    code
    title
    holder {
      ...HolderName
    }
  }
`);

/** A function named by its registry code, for forms that take one (a budget link, a decided pair). */
export const FunctionByCodeDocument = graphql(`
  query FunctionByCode($code: String!) {
    stateFunction(code: $code) {
      id
      code
    }
  }
`);
