//! Times the dev server's rebuild after an edit, in process (no watcher, no HTTP):
//! `cargo run --release --example rebuild -- SITE FILE OLD NEW [RUNS] [OPEN]`.
//!
//! Builds SITE once, then RUNS times replaces OLD (the first time) or the previous run's text
//! in FILE (relative to SITE) by NEW with `{i}` filled in by the run's number, rebuilds after
//! that one file, and prints the median and every run, and the CPU time (all threads) per
//! rebuild on average, which the machine's other load disturbs less than the wall time. FILE is
//! put back as it was. With OPEN (an output path, `s000/p001/index.html`), that page is the one
//! open in a browser: a rebuild that renders everything again shows it first, and the time it
//! was shown is printed too.

use std::path::PathBuf;
use std::time::Instant;

use factbook::session::{Preview, Rebuild, Session};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, file, old, new, rest @ ..] = args.as_slice() else {
        eprintln!("usage: rebuild SITE FILE OLD NEW [RUNS] [OPEN]");
        std::process::exit(2);
    };
    let runs: usize = rest
        .first()
        .map_or(15, |r| r.parse().expect("RUNS is a number"));
    let root = PathBuf::from(site);
    let path = root.join(file).canonicalize().expect("FILE exists");
    let root = root.canonicalize().expect("SITE exists");
    let original = std::fs::read_to_string(&path).expect("FILE is readable");
    assert!(original.contains(old.as_str()), "`{old}` is not in {file}");

    let mut session = Session::new(&root, false);
    let started = Instant::now();
    match session.rebuild() {
        Ok(Rebuild::Changed { .. }) => {}
        other => panic!("the first build failed: {other:?}"),
    }
    eprintln!("first build: {} ms", started.elapsed().as_millis());

    let open: Vec<String> = rest.get(1).cloned().into_iter().collect();
    let mut current = old.clone();
    let mut times = Vec::new();
    let mut shown_times = Vec::new();
    let cpu_before = cpu_seconds();
    for i in 0..runs {
        let fresh = new.replace("{i}", &i.to_string());
        let text = std::fs::read_to_string(&path).expect("FILE is readable");
        std::fs::write(&path, text.replacen(current.as_str(), &fresh, 1))
            .expect("FILE is writable");
        current = fresh;
        let started = Instant::now();
        let mut shown = None;
        let mut show = |_, _| shown = Some(started.elapsed().as_secs_f64() * 1000.0);
        let mut preview = Preview {
            first: open.clone(),
            show: &mut show,
        };
        let result = session.rebuild_showing(std::slice::from_ref(&path), Some(&mut preview));
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(Rebuild::Changed { paths, .. }) => {
                let first =
                    shown.map_or(String::new(), |t| format!(" (the open page at {t:.1} ms)"));
                eprintln!(
                    "run {i}: {elapsed:.1} ms{first}, {} files changed",
                    paths.len()
                )
            }
            other => panic!("run {i} did not change the site: {other:?}"),
        }
        times.push(elapsed);
        shown_times.extend(shown);
    }
    let cpu = (cpu_seconds() - cpu_before) * 1000.0 / runs as f64;
    std::fs::write(&path, original).expect("FILE is writable");
    if !shown_times.is_empty() {
        shown_times.sort_by(f64::total_cmp);
        let median = shown_times[shown_times.len() / 2];
        println!("the open page shown: median {median:.1} ms");
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms  CPU {cpu:.0} ms  runs: {}",
        sorted[sorted.len() / 2],
        times
            .iter()
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// The process's user and system time so far, from `/proc/self/stat` (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which is in parentheses and may hold spaces):
    // utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
