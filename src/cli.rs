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
    /// Create a new site, ready to build, in DIR (which must be new or empty).
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
