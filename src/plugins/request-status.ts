// A request body that cannot be parsed answers 400, whatever the client accepts. Yoga marks its
// JSON parse failure as a "spec" status, which it applies only to clients that accept
// application/graphql-response+json; under application/json it answers 200, and a client seeing
// 200 takes the body for a GraphQL result. GraphQL over HTTP says a JSON parse failure SHOULD
// answer 400 under either (graphql-http's audits BCF8, and A5BF for a missing body).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface HttpExtension {
  status?: number;
  /** Yoga's flag: use the status only under application/graphql-response+json */
  spec?: boolean;
}

export function useUnparsableBodyStatus(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return; // Yoga answers 415
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          const http = error instanceof GraphQLError ? (error.extensions.http as HttpExtension | undefined) : undefined;
          if (!(error instanceof GraphQLError) || !http?.spec) throw error;
          // no well-formed GraphQL request came: the status holds under every media type
          throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { ...http, spec: false } } });
        }
      });
    },
  };
}
