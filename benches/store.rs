//! Throughput, replay speed and footprint of the event store.
//!
//! Measures, in one run, and prints a Markdown report to stdout:
//!
//! 1. Durable appends per second of ~300-byte events with 1, 4, 16 and 64 concurrent writers,
//!    each a tokio task appending one event at a time to its own stream with an exact expected
//!    revision; side by side with raw sled (`insert` + `flush` per write) and a plain file
//!    (`write_all` + `sync_data` per write) driven by the same number of OS threads.
//! 2. `$all` replay: a fresh store is filled with pipelined appends, then read forwards in pages
//!    of 4096; then the store is closed, opened again (timed) and replayed once more.
//! 3. Disk bytes per million events and the process's peak and current resident memory.
//! 4. The cost of sealing personal data (`wettbewerb::personal`): review submissions, whose
//!    comments are sealed under their juror's key, appended durably by 16 writers and replayed,
//!    once without the codec and once with it.
//!
//! 5. With `WETTBEWERB_TEST_POSTGRES` naming a PostgreSQL (`scripts/postgres.sh start`): the
//!    same appends on the log on PostgreSQL (a column of table 1), and how fast a new instance
//!    builds its replica from a filled log and replays it.
//!
//! Run with `cargo bench --bench store`, or `cargo bench --bench store -- --quick` for shorter
//! append runs and 100,000 instead of 1,000,000 replayed events. Progress goes to stderr.

use std::collections::VecDeque;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::runtime::Runtime;
use wettbewerb::event_store::{
    Direction, EventStore, ExpectedRevision, NewEvent, PendingAppend, ReadFrom, StoreOptions,
    StreamName,
};

const EVENT_BYTES: usize = 300;
const EVENT_TYPE: &str = "BenchmarkEvent";
const WRITER_COUNTS: [usize; 4] = [1, 4, 16, 64];
const FILL_WINDOW: usize = 8192;
const FILL_STREAMS: u64 = 10_000;
const REPLAY_PAGE: usize = 4096;

struct Settings {
    quick: bool,
    append_duration: Duration,
    replay_events: u64,
}

impl Settings {
    fn from_args() -> Result<Self> {
        let mut quick = false;
        for arg in std::env::args().skip(1) {
            match arg.as_str() {
                "--quick" => quick = true,
                "--bench" => {}
                other => bail!("unknown argument {other:?}; the only option is --quick"),
            }
        }
        Ok(Self {
            quick,
            append_duration: Duration::from_secs(if quick { 1 } else { 2 }),
            replay_events: if quick { 100_000 } else { 1_000_000 },
        })
    }
}

/// One row of the append table: operations per second at one writer count.
struct AppendRow {
    writers: usize,
    wettbewerb: f64,
    /// The same appends on the log on PostgreSQL; none without a server.
    postgres: Option<f64>,
    sled: f64,
    file: f64,
}

struct ReplayReport {
    events: u64,
    fill: Duration,
    replay: Duration,
    cold_open: Duration,
    replay_after_open: Duration,
    disk: DiskUsage,
    memory: Memory,
}

/// Resident memory in kB; `None` where there is no procfs.
struct Memory {
    peak_kb: Option<u64>,
    current_kb: Option<u64>,
}

impl Memory {
    fn of_this_process() -> Self {
        Self {
            peak_kb: proc_status_kb("VmHWM"),
            current_kb: proc_status_kb("VmRSS"),
        }
    }
}

#[derive(Default)]
struct DiskUsage {
    apparent_bytes: u64,
    allocated_bytes: u64,
}

fn main() -> Result<()> {
    let settings = Settings::from_args()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().build()?;
    let data = sized_event_data()?;

    let rows = WRITER_COUNTS
        .iter()
        .map(|&writers| measure_append_row(&runtime, &data, writers, settings.append_duration))
        .collect::<Result<Vec<_>>>()?;
    let replay = measure_replay(&runtime, &data, settings.replay_events)?;

    let sealing = measure_sealing(&runtime, &settings)?;
    let replica = match postgres_server() {
        Some(server) => Some(measure_replica(&runtime, &data, &server, &settings)?),
        None => None,
    };

    print_header(&settings, &data)?;
    print_append_table(&rows, settings.append_duration);
    print_replay(&replay);
    print_footprint(&replay);
    print_sealing(&sealing, &settings);
    print_replica(replica.as_ref());
    Ok(())
}

// ----- 5. the log on PostgreSQL -----

fn postgres_server() -> Option<String> {
    std::env::var("WETTBEWERB_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A new schema on the server, and the URL that makes it the search path.
fn fresh_postgres_log(server: &str) -> Result<String> {
    let schema = format!("bench_{}", uuid::Uuid::new_v4().simple());
    let mut client = postgres::Client::connect(server, postgres::NoTls)?;
    client.batch_execute(&format!("CREATE SCHEMA {schema}"))?;
    let separator = if server.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{server}{separator}options=-csearch_path%3D{schema}"
    ))
}

fn open_postgres(dir: &Path, url: &str) -> Result<EventStore> {
    Ok(EventStore::open(
        StoreOptions::new(dir)?.with_postgres(url),
    )?)
}

struct ReplicaReport {
    events: u64,
    fill: Duration,
    build: Duration,
    replay: Duration,
}

fn measure_replica(
    runtime: &Runtime,
    data: &Value,
    server: &str,
    settings: &Settings,
) -> Result<ReplicaReport> {
    let events = settings.replay_events / 5;
    let url = fresh_postgres_log(server)?;
    let dir = TempDir::new()?;
    let store = open_postgres(&dir.path().join("first"), &url)?;
    eprintln!("filling the log on PostgreSQL with {events} events");
    let ((), fill) = time(|| runtime.block_on(fill_store(&store, data, events)))?;
    drop(store);
    eprintln!("a new instance builds its replica");
    let (store, build) = time(|| open_postgres(&dir.path().join("second"), &url))?;
    let replay = time_replay(&store, events)?;
    Ok(ReplicaReport {
        events,
        fill,
        build,
        replay,
    })
}

fn print_replica(report: Option<&ReplicaReport>) {
    println!(
        "## 5. The log on PostgreSQL
"
    );
    let Some(report) = report else {
        println!(
            "Not measured: `WETTBEWERB_TEST_POSTGRES` names no server.
"
        );
        return;
    };
    println!(
        "A fresh log on the server `WETTBEWERB_TEST_POSTGRES` names, filled as in section 2; \
         then a second instance opens it on an empty directory, which pulls the whole log into \
         its replica before it answers, and replays `$all` from the replica.\n"
    );
    println!("| step | seconds | events/s |");
    println!("|---|---:|---:|");
    let rows = [
        ("fill", report.fill),
        ("new instance builds its replica", report.build),
        ("replay from the replica", report.replay),
    ];
    for (step, elapsed) in rows {
        println!(
            "| {step} | {:.2} | {} |",
            elapsed.as_secs_f64(),
            grouped(per_second(report.events, elapsed))
        );
    }
    println!();
}

// ----- 4. sealing personal data -----

const SEALING_WRITERS: usize = 16;
const JURORS: usize = 300;

struct SealingRow {
    sealed: bool,
    appends_per_second: f64,
    replay_per_second: f64,
}

/// A juror's review as the log holds it: five criteria with comments, under the juror's seat.
fn review_event(juror: uuid::Uuid, n: u64) -> NewEvent {
    let criteria: Vec<Value> = (0..5)
        .map(|i| json!({ "score": 4, "comment": format!("Kriterium {i}: nachvollziehbar begründet, Arbeitsplan und Konsortium passen zum Ziel ({n}).") }))
        .collect();
    NewEvent::new(
        "ReviewSubmitted",
        json!({
            "key": { "application": uuid::Uuid::now_v7().to_string(), "stage": 0, "juror": juror.to_string() },
            "scores": { "criteria": criteria, "overall_comment": "Insgesamt förderwürdig.", "confidence": 3 },
            "weighted": 400,
            "at": "2026-12-01T10:00:00Z",
        }),
    )
}

fn sealing_store(dir: &Path, sealed: bool) -> Result<EventStore> {
    let mut options = StoreOptions::new(dir.join("events"))?;
    if sealed {
        options = options.with_codec(wettbewerb::personal::codec(dir)?);
    }
    Ok(EventStore::open(options)?)
}

fn measure_sealing(runtime: &Runtime, settings: &Settings) -> Result<Vec<SealingRow>> {
    let jurors: Vec<uuid::Uuid> = (0..JURORS).map(|_| uuid::Uuid::new_v4()).collect();
    let events = settings.replay_events / 5;
    let mut rows = Vec::new();
    for sealed in [false, true] {
        eprintln!("sealing: appends and replay, sealed = {sealed}");
        let dir = TempDir::new()?;
        let store = sealing_store(dir.path(), sealed)?;
        let start = Instant::now();
        let deadline = start + settings.append_duration;
        let appended: u64 = runtime.block_on(async {
            let tasks: Vec<_> = (0..SEALING_WRITERS)
                .map(|w| {
                    let (store, juror) = (store.clone(), jurors[w % JURORS]);
                    tokio::spawn(async move {
                        let stream = StreamName::parse(format!("review-{}", uuid::Uuid::new_v4()))?;
                        let mut expected = ExpectedRevision::NoStream;
                        let mut n = 0;
                        while Instant::now() < deadline {
                            let result = store
                                .append(&stream, expected, vec![review_event(juror, n)])
                                .await?;
                            expected = ExpectedRevision::Exact(result.next_expected);
                            n += 1;
                        }
                        anyhow::Ok(n)
                    })
                })
                .collect();
            let mut appended = 0;
            for task in tasks {
                appended += task.await??;
            }
            anyhow::Ok(appended)
        })?;
        let appends_per_second = per_second(appended, start.elapsed());
        drop(store);

        let dir = TempDir::new()?;
        let store = sealing_store(dir.path(), sealed)?;
        runtime.block_on(async {
            let mut pending: VecDeque<PendingAppend> = VecDeque::with_capacity(FILL_WINDOW);
            for n in 0..events {
                let stream = StreamName::parse(format!("review-{}", n % FILL_STREAMS))?;
                if pending.len() == FILL_WINDOW
                    && let Some(oldest) = pending.pop_front()
                {
                    oldest.wait().await?;
                }
                let juror = jurors[(n as usize) % JURORS];
                pending.push_back(store.submit_append(
                    &stream,
                    ExpectedRevision::Any,
                    vec![review_event(juror, n)],
                ));
            }
            for append in pending {
                append.wait().await?;
            }
            anyhow::Ok(())
        })?;
        let replay = time_replay(&store, events)?;
        rows.push(SealingRow {
            sealed,
            appends_per_second,
            replay_per_second: per_second(events, replay),
        });
    }
    Ok(rows)
}

fn print_sealing(rows: &[SealingRow], settings: &Settings) {
    println!(
        "## 4. Sealing personal data
"
    );
    println!(
        "Review submissions (five comments and an overall comment, about 900 bytes) under \
         {JURORS} jurors' keys: {SEALING_WRITERS} writers appending durably for {} s, then \
         {} events filled and replayed with `read_all`, which opens every sealed field.\n",
        settings.append_duration.as_secs_f64(),
        grouped((settings.replay_events / 5) as f64)
    );
    println!("| | durable appends/s | replayed events/s |");
    println!("|---|---:|---:|");
    for row in rows {
        println!(
            "| {} | {} | {} |",
            if row.sealed {
                "sealed (AES-256-GCM per field)"
            } else {
                "plain"
            },
            grouped(row.appends_per_second),
            grouped(row.replay_per_second)
        );
    }
    if let [plain, sealed] = rows {
        println!(
            "\n- sealed / plain: appends {:.2}×, replay {:.2}×\n",
            sealed.appends_per_second / plain.appends_per_second,
            sealed.replay_per_second / plain.replay_per_second
        );
    }
}

// ----- events -----

/// A data value whose payload string makes the serialised event `EVENT_BYTES` long.
fn sized_event_data() -> Result<Value> {
    let overhead = event_bytes(&json!({ "payload": "" }))?;
    let padding = EVENT_BYTES.saturating_sub(overhead);
    Ok(json!({ "payload": "x".repeat(padding) }))
}

/// Size of the event as handed to the store: id, type, data and metadata as JSON.
fn event_bytes(data: &Value) -> Result<usize> {
    Ok(serde_json::to_vec(&new_event(data))?.len())
}

fn new_event(data: &Value) -> NewEvent {
    NewEvent::new(EVENT_TYPE, data.clone())
}

fn bench_stream(n: u64) -> Result<StreamName> {
    Ok(StreamName::parse(format!("bench-{n}"))?)
}

fn open_store(dir: &Path) -> Result<EventStore> {
    Ok(EventStore::open(StoreOptions::new(dir)?)?)
}

// ----- 1. durable appends -----

fn measure_append_row(
    runtime: &Runtime,
    data: &Value,
    writers: usize,
    duration: Duration,
) -> Result<AppendRow> {
    eprintln!("appends with {writers} writers");
    let postgres = match postgres_server() {
        Some(server) => {
            let url = fresh_postgres_log(&server)?;
            let open = move |dir: &Path| open_postgres(dir, &url);
            Some(wettbewerb_appends_per_second(
                runtime, data, writers, duration, &open,
            )?)
        }
        None => None,
    };
    Ok(AppendRow {
        writers,
        wettbewerb: wettbewerb_appends_per_second(runtime, data, writers, duration, &open_store)?,
        postgres,
        sled: sled_insert_flush_per_second(writers, duration)?,
        file: file_append_sync_per_second(writers, duration)?,
    })
}

fn wettbewerb_appends_per_second(
    runtime: &Runtime,
    data: &Value,
    writers: usize,
    duration: Duration,
    open: &dyn Fn(&Path) -> Result<EventStore>,
) -> Result<f64> {
    let dir = TempDir::new()?;
    let store = open(&dir.path().join("events"))?;
    let start = Instant::now();
    let deadline = start + duration;
    let appended: u64 = runtime.block_on(async {
        let tasks: Vec<_> = (0..writers as u64)
            .map(|n| {
                let (store, data) = (store.clone(), data.clone());
                tokio::spawn(async move { append_until(store, n, data, deadline).await })
            })
            .collect();
        let mut appended = 0;
        for task in tasks {
            appended += task.await??;
        }
        anyhow::Ok(appended)
    })?;
    Ok(appended as f64 / start.elapsed().as_secs_f64())
}

/// One writer: single-event appends to its own stream, each waiting until it is durable.
async fn append_until(store: EventStore, n: u64, data: Value, deadline: Instant) -> Result<u64> {
    let stream = bench_stream(n)?;
    let mut expected = ExpectedRevision::NoStream;
    let mut appended = 0;
    while Instant::now() < deadline {
        let result = store
            .append(&stream, expected, vec![new_event(&data)])
            .await?;
        expected = ExpectedRevision::Exact(result.next_expected);
        appended += 1;
    }
    Ok(appended)
}

fn sled_insert_flush_per_second(writers: usize, duration: Duration) -> Result<f64> {
    let dir = TempDir::new()?;
    let db = sled::open(dir.path().join("sled"))?;
    let value = vec![b'x'; EVENT_BYTES];
    ops_per_second_on_threads(writers, duration, |writer, n| {
        let key = [(writer as u64).to_be_bytes(), n.to_be_bytes()].concat();
        db.insert(key, &value[..])?;
        db.flush()?;
        Ok(())
    })
}

fn file_append_sync_per_second(writers: usize, duration: Duration) -> Result<f64> {
    let dir = TempDir::new()?;
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("log"))?;
    let mut record = vec![b'x'; EVENT_BYTES];
    record[EVENT_BYTES - 1] = b'\n';
    ops_per_second_on_threads(writers, duration, |_, _| {
        (&file).write_all(&record)?;
        file.sync_data()?;
        Ok(())
    })
}

/// Calls `op(thread, n)` in a loop on `threads` OS threads until `duration` has passed.
fn ops_per_second_on_threads<F>(threads: usize, duration: Duration, op: F) -> Result<f64>
where
    F: Fn(usize, u64) -> Result<()> + Sync,
{
    let start = Instant::now();
    let deadline = start + duration;
    let op = &op;
    let done: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || -> Result<u64> {
                    let mut n = 0;
                    while Instant::now() < deadline {
                        op(thread, n)?;
                        n += 1;
                    }
                    Ok(n)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a benchmark thread panicked"))
            .sum::<Result<u64>>()
    })?;
    Ok(done as f64 / start.elapsed().as_secs_f64())
}

// ----- 2. replay -----

fn measure_replay(runtime: &Runtime, data: &Value, events: u64) -> Result<ReplayReport> {
    let dir = TempDir::new()?;
    let path = dir.path().join("events");
    let store = open_store(&path)?;

    eprintln!("filling the store with {events} events");
    let ((), fill) = time(|| runtime.block_on(fill_store(&store, data, events)))?;
    eprintln!("replaying $all");
    let replay = time_replay(&store, events)?;
    drop(store);
    let disk = disk_usage(&path)?;

    eprintln!("reopening and replaying $all");
    let (store, cold_open) = time(|| open_store(&path))?;
    let replay_after_open = time_replay(&store, events)?;
    let memory = Memory::of_this_process();
    drop(store);

    Ok(ReplayReport {
        events,
        fill,
        replay,
        cold_open,
        replay_after_open,
        disk,
        memory,
    })
}

/// Queues appends without waiting for each, keeping up to `FILL_WINDOW` of them in flight.
async fn fill_store(store: &EventStore, data: &Value, events: u64) -> Result<()> {
    let streams = (0..FILL_STREAMS)
        .map(bench_stream)
        .collect::<Result<Vec<_>>>()?;
    let mut pending: VecDeque<PendingAppend> = VecDeque::with_capacity(FILL_WINDOW);
    for n in 0..events {
        let stream = &streams[(n % FILL_STREAMS) as usize];
        if pending.len() == FILL_WINDOW
            && let Some(oldest) = pending.pop_front()
        {
            oldest.wait().await?;
        }
        pending.push_back(store.submit_append(
            stream,
            ExpectedRevision::Any,
            vec![new_event(data)],
        ));
    }
    for append in pending {
        append.wait().await?;
    }
    Ok(())
}

/// Reads all of `$all` forwards page by page and checks that every event came back.
fn time_replay(store: &EventStore, expected_events: u64) -> Result<Duration> {
    let (read, elapsed) = time(|| read_all_forwards(store))?;
    if read != expected_events {
        bail!("replay read {read} events, the store holds {expected_events}");
    }
    Ok(elapsed)
}

fn read_all_forwards(store: &EventStore) -> Result<u64> {
    let mut next = 0;
    let mut read = 0;
    loop {
        let page = store.read_all(Direction::Forwards, ReadFrom::At(next), REPLAY_PAGE)?;
        let Some(last) = page.last() else {
            return Ok(read);
        };
        next = last.position.0 + 1;
        read += std::hint::black_box(page).len() as u64;
    }
}

// ----- 3. footprint -----

fn disk_usage(dir: &Path) -> Result<DiskUsage> {
    let mut usage = DiskUsage::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        if metadata.is_dir() {
            let inner = disk_usage(&entry.path())?;
            usage.apparent_bytes += inner.apparent_bytes;
            usage.allocated_bytes += inner.allocated_bytes;
        } else {
            usage.apparent_bytes += metadata.len();
            usage.allocated_bytes += metadata.blocks() * 512;
        }
    }
    Ok(usage)
}

/// A `kB` field of `/proc/self/status`, e.g. `VmHWM`; `None` where there is no procfs.
fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let value = line.strip_prefix(field)?.strip_prefix(':')?;
        value.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

// ----- timing and formatting -----

fn time<T>(work: impl FnOnce() -> Result<T>) -> Result<(T, Duration)> {
    let start = Instant::now();
    let value = work()?;
    Ok((value, start.elapsed()))
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

/// A whole number with thin spaces between thousands: `1 234 567`.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{2009}');
        }
        out.push(digit);
    }
    out
}

fn mebibytes(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
}

// ----- report -----

fn print_header(settings: &Settings, data: &Value) -> Result<()> {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("# wettbewerb event store benchmark\n");
    println!("- mode: {}", if settings.quick { "quick" } else { "full" });
    println!("- CPUs available: {cpus}");
    println!(
        "- event: {} bytes as JSON (id, type, data, metadata), type `{EVENT_TYPE}`",
        event_bytes(data)?
    );
    println!("- data directories: {}\n", std::env::temp_dir().display());
    Ok(())
}

fn print_append_table(rows: &[AppendRow], duration: Duration) {
    println!("## 1. Durable appends, one event per append\n");
    println!(
        "Each cell ran {} s on a fresh directory. wettbewerb: one tokio task per writer, \
         `append` to its own stream with `Exact` revisions. Baselines: one OS thread per writer \
         on a shared sled db or a shared `O_APPEND` file, {EVENT_BYTES}-byte values. sled's \
         `flush` ends in `sync_file_range`, not `fdatasync`; wettbewerb adds `fdatasync` of \
         sled's files to every commit. On PostgreSQL: the same appends to a log on the server \
         `WETTBEWERB_TEST_POSTGRES` names (synchronous commit on), each instance's replica in \
         a fresh directory.\n",
        duration.as_secs_f64()
    );
    println!(
        "| writers | wettbewerb durable appends/s | on PostgreSQL | sled insert+flush/s | file append+fdatasync/s |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for row in rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            row.writers,
            grouped(row.wettbewerb),
            row.postgres.map_or("n/a".into(), grouped),
            grouped(row.sled),
            grouped(row.file)
        );
    }
    println!();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    println!(
        "- wettbewerb at {} writers / at {} writer: {:.1}×",
        last.writers,
        first.writers,
        last.wettbewerb / first.wettbewerb
    );
    let verdict = if last.wettbewerb > last.file {
        "yes"
    } else {
        "no"
    };
    println!(
        "- wettbewerb at {0} writers beats the file baseline at {0} writers: {verdict} \
         ({1} vs {2} per second, {3:.2}×)\n",
        last.writers,
        grouped(last.wettbewerb),
        grouped(last.file),
        last.wettbewerb / last.file
    );
}

fn print_replay(report: &ReplayReport) {
    let events = report.events;
    println!("## 2. `$all` replay of {} events\n", grouped(events as f64));
    println!(
        "Filled with `submit_append` (`Any`, {} in flight, {} streams); read with `read_all` \
         forwards in pages of {REPLAY_PAGE}. The cold open is a new `EventStore::open` in the \
         same process; the OS page cache stays warm.\n",
        grouped(FILL_WINDOW as f64),
        grouped(FILL_STREAMS as f64)
    );
    println!("| step | seconds | events/s |");
    println!("|---|---:|---:|");
    let rows = [
        ("fill", report.fill),
        ("replay", report.replay),
        ("replay after cold open", report.replay_after_open),
    ];
    for (step, elapsed) in rows {
        println!(
            "| {step} | {:.2} | {} |",
            elapsed.as_secs_f64(),
            grouped(per_second(events, elapsed))
        );
    }
    println!("| cold open | {:.3} | |\n", report.cold_open.as_secs_f64());
}

fn print_footprint(report: &ReplayReport) {
    let scale = 1_000_000.0 / report.events as f64;
    let kb =
        |value: Option<u64>| value.map_or("n/a".into(), |kb| format!("{} kB", grouped(kb as f64)));
    println!("## 3. Footprint\n");
    println!("| measure | value |");
    println!("|---|---:|");
    println!(
        "| disk per 1 M events (file sizes) | {} |",
        mebibytes(report.disk.apparent_bytes as f64 * scale)
    );
    println!(
        "| disk per 1 M events (allocated blocks) | {} |",
        mebibytes(report.disk.allocated_bytes as f64 * scale)
    );
    println!(
        "| disk per event (file sizes) | {:.0} bytes |",
        report.disk.apparent_bytes as f64 / report.events as f64
    );
    println!(
        "| VmHWM after replay (peak RSS of the whole run) | {} |",
        kb(report.memory.peak_kb)
    );
    println!("| VmRSS after replay | {} |", kb(report.memory.current_kb));
}
