//! The TCP listener and its accept loop: HTTP/1.1 connections served by hyper, and a
//! graceful shutdown.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use std::sync::Arc;
//! use cairn_server::{shutdown_signal, Server, ServerConfig, UnknownOperationHandler};
//!
//! let server = Server::bind(ServerConfig::default()).await?;
//! println!("listening on {}", server.local_addr());
//! server.run(Arc::new(UnknownOperationHandler), shutdown_signal()).await?;
//! // Every request has been answered: the storage engine can be closed now.
//! # Ok(()) }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::ServerConfig;
use crate::router::Handler;
use crate::wire::Protocol;

/// How long a client has to send a request's headers before its connection is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the accept loop pauses after a failed accept (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A bound server, not yet accepting connections.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    local_addr: SocketAddr,
    config: ServerConfig,
}

impl Server {
    /// Binds `config.host:config.port` (port 0 picks a free port; see
    /// [`local_addr`](Self::local_addr)).
    pub async fn bind(config: ServerConfig) -> io::Result<Server> {
        let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
        let local_addr = listener.local_addr()?;
        Ok(Server {
            listener,
            local_addr,
            config,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The configuration the server was bound with.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Serves connections until `shutdown` completes, then shuts down gracefully: stops
    /// accepting, closes idle connections, lets requests in flight finish (for at most
    /// [`ServerConfig::shutdown_timeout`], after which the connections left are dropped),
    /// and returns. Answers are computed by `handler` (see [`Handler`]).
    ///
    /// Errors accepting a connection (e.g. running out of file descriptors) are reported
    /// on stderr and retried; they do not stop the server.
    pub async fn run(
        self,
        handler: Arc<dyn Handler>,
        shutdown: impl Future<Output = ()>,
    ) -> io::Result<()> {
        let protocol = Arc::new(Protocol::new(handler, self.config.health_text()));
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT);
        let builder = Arc::new(builder);

        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _peer)) => {
                        connections.spawn(serve_connection(
                            stream,
                            Arc::clone(&builder),
                            Arc::clone(&protocol),
                            stop_rx.clone(),
                        ));
                    }
                    Err(e) => {
                        eprintln!("cairn-server: accept failed: {e}");
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }

        drop(self.listener);
        // Receivers only go away with their connections, so a send error just means
        // there is no connection left to tell.
        let _ = stop_tx.send(true);
        let drained = tokio::time::timeout(self.config.shutdown_timeout, async {
            while connections.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            eprintln!(
                "cairn-server: {} connection(s) still busy after {:?}; closing them",
                connections.len(),
                self.config.shutdown_timeout
            );
            connections.shutdown().await;
        }
        Ok(())
    }
}

/// Serves one connection until the client closes it, or, once `stop` turns true, until
/// the request in flight (if any) is answered.
async fn serve_connection(
    stream: TcpStream,
    builder: Arc<http1::Builder>,
    protocol: Arc<Protocol>,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let protocol = Arc::clone(&protocol);
        async move { Ok::<_, Infallible>(protocol.serve(request).await) }
    });
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        // Client errors (resets, malformed requests) end the connection, nothing more.
        _ = connection.as_mut() => return,
        _ = stop.wait_for(|stop| *stop) => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
