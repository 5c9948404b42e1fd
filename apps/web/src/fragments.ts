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
