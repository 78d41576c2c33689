//! The signals that stop the server: SIGINT (Ctrl-C) and, on Unix, SIGTERM.

/// Completes when the process receives SIGINT or SIGTERM. Pass it to
/// [`Server::run`](crate::Server::run) as the shutdown future.
///
/// If a signal handler cannot be installed, that signal is never awaited (the other one
/// still is), rather than stopping the server at once.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
