//! `orgadm events`: the change events (SPEC §14) as JSON lines, oldest
//! first; with `--follow`, waits for new ones until interrupted.

use std::time::Duration;

use clap::Args;

use super::backend::Backend;
use super::Ctx;
use crate::error::Result;
use crate::org::events::{check_types, PAGE};

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// Only events after this sequence number (the last one you handled)
    #[arg(long, value_name = "SEQ", default_value_t = 0)]
    pub since: i64,
    /// Keep waiting for new events (until Ctrl-C or the reader goes away)
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Only events of this type (repeatable), e.g. `person.updated`
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
}

/// How long `--follow` waits between looks for new events.
const POLL: Duration = Duration::from_millis(250);

pub fn run(ctx: &Ctx, backend: &Backend, a: EventsArgs) -> Result<()> {
    check_types(&a.types)?;
    let mut since = a.since.max(0);
    let mut stop = if a.follow {
        Some(Interrupt::watch()?)
    } else {
        None
    };
    loop {
        let page = backend.events(since, &a.types, PAGE)?;
        let full = page.len() as i64 >= PAGE;
        for e in &page {
            ctx.printer.json_line(e)?;
            since = e.seq;
        }
        if full {
            continue;
        }
        // Ctrl-C or SIGTERM ends the stream between events: exit 0, every
        // line printed whole.
        match stop.as_mut() {
            None => return Ok(()),
            Some(s) => {
                if s.wait(POLL) {
                    return Ok(());
                }
            }
        }
    }
}

/// SIGINT and SIGTERM, caught for `--follow` (tokio's handlers: a signal
/// that comes while a page is read is kept for the next wait).
struct Interrupt {
    rt: tokio::runtime::Runtime,
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

impl Interrupt {
    fn watch() -> Result<Interrupt> {
        use tokio::signal::unix::{signal, SignalKind};
        let fail = |e: std::io::Error| {
            crate::error::Error::internal(format!("cannot watch for Ctrl-C: {e}"))
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(fail)?;
        let (int, term) = rt
            .block_on(async {
                Ok::<_, std::io::Error>((
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                ))
            })
            .map_err(fail)?;
        Ok(Interrupt { rt, int, term })
    }

    /// Waits up to `d`; true if a signal came.
    fn wait(&mut self, d: Duration) -> bool {
        let (int, term) = (&mut self.int, &mut self.term);
        self.rt.block_on(async {
            tokio::select! {
                _ = int.recv() => true,
                _ = term.recv() => true,
                () = tokio::time::sleep(d) => false,
            }
        })
    }
}
