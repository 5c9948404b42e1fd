import { GraphQLJSONObject, GraphQLLocalDate } from 'graphql-scalars';

/** A calendar date, `YYYY-MM-DD`. */
export const LocalDate = GraphQLLocalDate;
export const JSONObject = GraphQLJSONObject;
