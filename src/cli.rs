//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// factbook builds comparison and decision sites from Markdown pages whose TOML front matter
/// carries typed, sourced facts.
#[derive(Debug, Parser)]
#[command(name = "factbook", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into its output folder (`site/` unless book.toml or --out says otherwise).
    Build {
        /// The site's folder, holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Write readable, unminified HTML (for debugging a theme).
        #[arg(long)]
        no_minify: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
        /// Publish at this address instead of `base_url` of book.toml (a deploy preview).
        #[arg(long, value_name = "URL", value_parser = absolute_url)]
        base_url: Option<String>,
    },
    /// Check the whole site (front matter, links, templates) without writing anything.
    Check {
        /// The site's folder, holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site, serve it, and rebuild and reload the browser whenever a file is saved.
    Serve {
        /// The site's folder, holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (default: `[serve] port` of book.toml, else 3000; 0 picks a free one).
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Publish at this address instead of `base_url` of book.toml (canonical links, the
        /// sitemap, the feed).
        #[arg(long, value_name = "URL", value_parser = absolute_url)]
        base_url: Option<String>,
    },
    /// Create a new site, ready to build, in DIR (which must be new or empty).
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Copy the built-in theme's files into the site's theme/ folder, to change them there;
    /// files the site already has are left as they are.
    Eject {
        /// The site's folder, holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The files to copy, as paths within theme/ (templates/page.html, css/style.css);
        /// all of them when none is named.
        files: Vec<String>,
    },
}

/// An absolute http(s) URL, as `base_url` must be.
fn absolute_url(url: &str) -> Result<String, String> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(url.to_string())
    } else {
        Err("an absolute http(s) URL, for example https://preview.example.org/docs/".into())
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
