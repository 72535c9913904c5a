//! The `newsgraph` command line: a thin shell over the library.

mod cli;

fn main() -> std::process::ExitCode {
    // Piped into `head`, a CLI should stop quietly, not panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default signal action before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::run()
}
