# listscribe: the worker and CLI. For users; the project's own tests never need Docker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY drizzle ./drizzle
COPY templates ./templates
COPY examples ./examples
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/listscribe.js"]
CMD ["run", "--config", "/config/listscribe.yaml"]
