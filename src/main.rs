//! The `inspdf` command. Thin: parse arguments, hand over to [`cli::run`].

mod cli;

use clap::Parser;

/// mimalloc: records are trees of small strings and maps, and
/// `inspdf validate` allocates and frees one per file; mimalloc makes that
/// about 15% cheaper than glibc's allocator (see docs/validate.md, "Why these choices").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    inspdf::limits::no_huge_pages();
    // The isolated worker `convert` starts per file: one internal argument,
    // checked before the command line is parsed for people.
    let mut args = std::env::args_os().skip(1);
    if let (Some(first), None) = (args.next(), args.next())
        && first == inspdf::batch::worker::WORKER_ARG
    {
        return std::process::ExitCode::from(inspdf::batch::worker::serve());
    }
    cli::run(cli::Cli::parse())
}
