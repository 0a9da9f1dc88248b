# flowstats in a container: `docker build -t flowgen .` then
#   docker run --rm flowgen collect -t 1000 --seed 1
# Multi-stage: the build stage has the compilers (TypeScript, nx, oclif's manifest); the runtime stage has Node,
# the built packages and their production dependencies only, and runs as the unprivileged `node` user.
FROM node:20-slim AS build
WORKDIR /opt/flowgen
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build --silent \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf packages/*/src apps/*/src \
 && rm -rf tools .git

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/flowgen
COPY --from=build --chown=node:node /opt/flowgen /opt/flowgen
USER node
ENTRYPOINT ["node", "/opt/flowgen/apps/flowstats/bin/run.js"]
CMD ["--help"]
