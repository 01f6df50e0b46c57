//! Questions to a person at a terminal. Nothing is ever asked unless both
//! stdin and stderr are terminals (dialoguer draws on stderr): a script or CI
//! job must never hang waiting for a keyboard.

use std::io::{self, IsTerminal};

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, FuzzySelect, MultiSelect, Select};

use crate::error::{Error, Result};

pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

fn theme(color: bool) -> Box<dyn Theme> {
    if color {
        Box::new(ColorfulTheme::default())
    } else {
        Box::new(SimpleTheme)
    }
}

fn prompt_err(e: dialoguer::Error) -> Error {
    Error::needs_confirmation(format!(
        "the question could not be asked: {e}; nothing was changed"
    ))
}

/// A yes/no question defaulting to no.
pub fn confirm(question: &str, color: bool) -> Result<bool> {
    Confirm::with_theme(&*theme(color))
        .with_prompt(question)
        .default(false)
        .interact_on(&Term::stderr())
        .map_err(prompt_err)
}

/// Picks one of `items`; None when the person escapes.
pub fn select(prompt: &str, items: &[String], color: bool) -> Result<Option<usize>> {
    Select::with_theme(&*theme(color))
        .with_prompt(prompt)
        .items(items)
        .default(0)
        .interact_on_opt(&Term::stderr())
        .map_err(prompt_err)
}

/// Type to filter `items`, pick one; None when the person escapes.
pub fn fuzzy(prompt: &str, items: &[String], color: bool) -> Result<Option<usize>> {
    FuzzySelect::with_theme(&*theme(color))
        .with_prompt(prompt)
        .items(items)
        .interact_on_opt(&Term::stderr())
        .map_err(prompt_err)
}

/// Picks any of `items`; None when the person escapes.
pub fn multi(prompt: &str, items: &[String], color: bool) -> Result<Option<Vec<usize>>> {
    MultiSelect::with_theme(&*theme(color))
        .with_prompt(prompt)
        .items(items)
        .interact_on_opt(&Term::stderr())
        .map_err(prompt_err)
}

/// A line of text (an email to sign in as).
pub fn input(prompt: &str, color: bool) -> Result<String> {
    dialoguer::Input::<String>::with_theme(&*theme(color))
        .with_prompt(prompt)
        .interact_text_on(&Term::stderr())
        .map_err(prompt_err)
}
