# Build stage: the release binary, with the exact dependency versions of Cargo.lock.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
COPY benches ./benches
RUN cargo build --release --locked --bin wettbewerb

# Runtime stage: a slim system, an unprivileged user, the data directory as a volume.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /var/lib/wettbewerb wettbewerb \
    && mkdir -p /var/lib/wettbewerb/data \
    && chown -R wettbewerb:wettbewerb /var/lib/wettbewerb
COPY --from=build /src/target/release/wettbewerb /usr/local/bin/wettbewerb
USER wettbewerb
WORKDIR /var/lib/wettbewerb
ENV WETTBEWERB_DATA=/var/lib/wettbewerb/data \
    WETTBEWERB_LISTEN=0.0.0.0:8080 \
    RUST_LOG=info
VOLUME ["/var/lib/wettbewerb/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl --fail --silent http://127.0.0.1:8080/health || exit 1
CMD ["wettbewerb", "serve"]
