//! Helpers shared by the integration tests that run the real `hkg` binary.
#![allow(dead_code)] // each test crate uses its own subset

use std::process::{Command, Output};

/// Runs hkg with `args`.
pub fn hkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(args)
        .output()
        .expect("runs hkg")
}

/// Runs hkg, asserts it succeeded, and returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let o = hkg(args);
    assert!(
        o.status.success(),
        "hkg {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}
