//! The `factbook` command: parse the arguments, call the library, print diagnostics and map the
//! outcome to an exit code (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use factbook::diag::display_path;
use factbook::{BuildOptions, Diagnostic, Error, Severity};

use cli::{Cli, Command};

fn main() -> ExitCode {
    // SAFETY: the first thing `main` does, before any thread starts.
    unsafe { factbook::search::configure_process() };
    let cli = Cli::parse();
    // Only a build writes; a failed one leaves the site as it was.
    let writes = matches!(cli.command, Command::Build { .. });
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report_error(&err, writes);
            ExitCode::from(err.exit_code())
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build {
            root,
            out,
            drafts,
            no_minify,
            timings,
            base_url,
        } => {
            let report = factbook::build(&BuildOptions {
                root,
                out,
                drafts,
                minify: no_minify.then_some(false),
                timings,
                base_url,
            })?;
            report_build(&report);
        }
        Command::Check { root, drafts } => report_check(&factbook::check(&root, drafts)?),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            base_url,
        } => {
            factbook::serve::serve(
                &factbook::serve::ServeOptions {
                    root,
                    port,
                    bind,
                    open,
                    drafts,
                    base_url,
                },
                use_color(),
            )?;
        }
        Command::Eject { root, files } => {
            let done = factbook::init::eject::eject(&root, &files)?;
            let shown =
                |path: &std::path::Path| display_path(path.strip_prefix(".").unwrap_or(path));
            for path in &done.written {
                say(&format!("wrote {}", shown(path)));
            }
            for path in &done.kept {
                say(&format!("kept {} (the site has it already)", shown(path)));
            }
        }
        Command::Init { dir } => {
            factbook::init::init(&dir)?;
            say(&format!(
                "Created a new site in `{0}`. Next: factbook serve --root {0}",
                display_path(&dir)
            ));
        }
    }
    Ok(())
}

/// What a build says: its warnings, one summary line, and with `--timings` one line more.
fn report_build(report: &factbook::BuildReport) {
    print_diagnostics(&report.diagnostics);
    let counts = &report.counts;
    say(&format!(
        "Built {} ({}, {}), {} and {} into {} in {} ms",
        count(counts.pages, "page"),
        count(counts.sections, "section"),
        count(counts.tags, "tag"),
        count(counts.subjects, "subject"),
        count(counts.facts, "fact"),
        display_path(report.out.strip_prefix(".").unwrap_or(&report.out)),
        report.elapsed.as_millis()
    ));
    if let Some(t) = &report.timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        say(&format!(
            "  load {:.0} ms · parse {:.0} ms · model {:.0} ms · render and write {:.0} ms (minify {:.0} ms CPU) · search index {:.0} ms · move into place {:.0} ms ({} written, {} unchanged, {} removed)",
            ms(t.load),
            ms(t.parse),
            ms(t.model),
            ms(t.render),
            ms(t.minify_cpu),
            ms(t.search),
            ms(t.write),
            t.files.written,
            t.files.unchanged,
            t.files.removed
        ));
    }
}

/// What a check says: warnings, disagreements to review, and one summary line.
fn report_check(report: &factbook::CheckReport) {
    print_diagnostics(&report.diagnostics);
    print_diagnostics(&report.disagreements);
    print_diagnostics(&report.disputed_quotes);
    let disagreements = match report.disagreements.len() {
        0 => String::new(),
        1 => "; 1 disagreement between sources to review".to_string(),
        n => format!("; {n} disagreements between sources to review"),
    };
    let quotes = match report.disputed_quotes.len() {
        0 => String::new(),
        1 => ", and 1 quote of a disputed fact".to_string(),
        n => format!(", and {n} quotes of disputed facts"),
    };
    say(&format!(
        "Checked {} and {}: no errors{disagreements}{quotes}",
        count(report.pages, "page"),
        count(report.facts, "fact")
    ));
}

/// `n` things, in the singular for one: "1 section", "3 sections".
fn count(n: usize, thing: &str) -> String {
    match n {
        1 => format!("1 {thing}"),
        _ => format!("{n} {thing}s"),
    }
}

/// Prints a line to stdout; a closed pipe (`factbook build | head`) is not an error.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = use_color();
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{}\n", d.render(color));
    }
}

fn report_error(err: &Error, writes: bool) {
    let mut stderr = std::io::stderr().lock();
    match err {
        Error::Content(diagnostics) => {
            drop(stderr);
            print_diagnostics(diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let plural = if errors == 1 { "" } else { "s" };
            let outcome = if writes { "; nothing was written" } else { "" };
            let _ = writeln!(
                std::io::stderr(),
                "error: found {errors} error{plural}{outcome}"
            );
        }
        other => {
            let _ = writeln!(stderr, "error: {other}");
        }
    }
}
