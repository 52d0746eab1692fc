//! Builds the release site: the server binary and the browser's WebAssembly, split by groups
//! of pages, in `target/site`. It does what `cargo leptos build --release --split` (0.3.10) does, with the
//! same settings from `[[workspace.metadata.leptos]]`, and calls the same libraries for the two
//! steps that need more than cargo: `wasm_split_cli_support` splits the module per lazy route and
//! `wasm-bindgen-cli-support` writes its JavaScript glue. What it leaves out: JavaScript
//! minification (the files are compressed with brotli 11 afterwards) and CSS minification.
//! Installing cargo-leptos compiles about 670 crates (25 minutes on 2 cores); this, about 60.
//!
//! Run from the repository root: `cargo run --release --manifest-path tools/site-build/Cargo.toml`.
//! With `--browser-only` it leaves the server out: the test command runs the browser tests on
//! the server its unit and integration tests already built, so CI compiles the server's
//! dependencies once, not twice. With `--islands` it builds the islands build under way (app's
//! `islands` feature), browser and server alike, for measuring it; it is not served to users.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The settings of `[[workspace.metadata.leptos]]` in the root Cargo.toml.
const OUTPUT_NAME: &str = "zorgvuldig";
const SITE_ROOT: &str = "target/site";
const SITE_PKG_DIR: &str = "pkg";
const SITE_ADDR: &str = "127.0.0.1:3000";
const RELOAD_PORT: &str = "3001";
const STYLE_FILE: &str = "style/main.css";
const ASSETS_DIR: &str = "public";
const LIB_PACKAGE: &str = "frontend";
const BIN_PACKAGE: &str = "server";
const BIN_TARGET: &str = "zorgvuldig";
const LIB_PROFILE: &str = "wasm-release";
/// cargo-leptos builds the browser's code in a target folder of its own, so the server's
/// features never rebuild it.
const FRONT_TARGET_DIR: &str = "target/front";
/// The JavaScript file each split module imports its links from; the name is the one
/// cargo-leptos gives it, which the split loader in leptos expects.
const SPLIT_LINK_NAME: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    match build() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("site-build: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn build() -> Result<()> {
    let (mut browser_only, mut islands) = (false, false);
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--browser-only" => browser_only = true,
            "--islands" => islands = true,
            other => bail!("unknown argument {other}; there are --browser-only and --islands"),
        }
    }
    let features: &[&str] = if islands { &["--features=islands"] } else { &[] };
    if !Path::new("Cargo.toml").exists() || !Path::new(LIB_PACKAGE).is_dir() {
        bail!("run it from the repository root");
    }
    let site_root = Path::new(SITE_ROOT);
    let pkg = site_root.join(SITE_PKG_DIR);
    // Stale split modules of an earlier build would otherwise be served and precompressed.
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).with_context(|| format!("removing {}", pkg.display()))?;
    }
    std::fs::create_dir_all(&pkg)?;
    copy_folder(Path::new(ASSETS_DIR), site_root)?;
    std::fs::copy(STYLE_FILE, pkg.join(format!("{OUTPUT_NAME}.css"))).context("copying the style sheet")?;

    step("Browser code (wasm32, split by groups of pages)");
    cargo(
        &[
            "build",
            &format!("--package={LIB_PACKAGE}"),
            "--lib",
            &format!("--target-dir={FRONT_TARGET_DIR}"),
            "--target=wasm32-unknown-unknown",
            "--no-default-features",
            &format!("--profile={LIB_PROFILE}"),
        ]
        .iter()
        .chain(features)
        .copied()
        .collect::<Vec<_>>(),
        // Splitting needs the linker's relocations.
        Some("-Clink-args=--emit-relocs"),
    )?;
    let wasm = Path::new(FRONT_TARGET_DIR)
        .join("wasm32-unknown-unknown")
        .join(LIB_PROFILE)
        .join(format!("{LIB_PACKAGE}.wasm"));
    let split_modules = split(&wasm, &pkg)?;
    bindgen(&wasm.with_file_name(format!("{LIB_PACKAGE}_split.wasm")), &pkg)?;
    let mut optimized = vec![pkg.join(format!("{OUTPUT_NAME}.wasm"))];
    optimized.extend(split_modules);
    wasm_opt(&optimized)?;
    if browser_only {
        step(&format!("Browser code built in {SITE_ROOT}"));
        return Ok(());
    }

    step("Server");
    cargo(
        &[
            "build",
            &format!("--package={BIN_PACKAGE}"),
            &format!("--bin={BIN_TARGET}"),
            "--no-default-features",
            "--release",
        ]
        .iter()
        .chain(features)
        .copied()
        .collect::<Vec<_>>(),
        None,
    )?;
    step(&format!("Site built in {SITE_ROOT}"));
    Ok(())
}

fn step(what: &str) {
    eprintln!("site-build: {what}");
}

/// Runs cargo with the variables cargo-leptos sets: leptos reads some of them while compiling
/// (the output name is baked into the hydration script), the server reads the rest at start.
fn cargo(args: &[&str], extra_rustflags: Option<&str>) -> Result<()> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).envs([
        ("LEPTOS_OUTPUT_NAME", OUTPUT_NAME),
        ("LEPTOS_SITE_ROOT", SITE_ROOT),
        ("LEPTOS_SITE_PKG_DIR", SITE_PKG_DIR),
        ("LEPTOS_SITE_ADDR", SITE_ADDR),
        ("LEPTOS_RELOAD_PORT", RELOAD_PORT),
        ("LEPTOS_LIB_DIR", LIB_PACKAGE),
        ("LEPTOS_BIN_DIR", BIN_PACKAGE),
        ("LEPTOS_JS_MINIFY", "false"),
        ("LEPTOS_HASH_FILES", "false"),
    ]);
    if let Some(flags) = extra_rustflags {
        let flags = match std::env::var("RUSTFLAGS") {
            Ok(own) if !own.trim().is_empty() => format!("{own} {flags}"),
            _ => flags.to_owned(),
        };
        command.env("RUSTFLAGS", flags);
    }
    let status = command.status().context("starting cargo")?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Splits the module at its lazy routes: the chunks go into `pkg`, the main module beside the
/// input for wasm-bindgen. Returns the chunks' paths.
fn split(wasm: &Path, pkg: &Path) -> Result<Vec<PathBuf>> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_out = wasm.with_file_name(format!("{LIB_PACKAGE}_split.wasm"));
    let main_module = format!("./{OUTPUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = SPLIT_LINK_NAME;
    let split = wasm_split_cli_support::transform(options).map_err(|error| anyhow::anyhow!("{error:?}"))?;
    std::fs::write(pkg.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&split.prefetch_map)?)?;
    Ok(split.split_modules)
}

/// What `wasm-bindgen --target=web --keep-lld-exports --no-demangle` does, then the module is
/// named `<output>.wasm` as leptos's hydration script expects.
fn bindgen(main_module: &Path, pkg: &Path) -> Result<()> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(main_module)
        .web(true)?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false)
        .out_name(OUTPUT_NAME)
        .generate(pkg)
        .context("wasm-bindgen")?;
    std::fs::rename(pkg.join(format!("{OUTPUT_NAME}_bg.wasm")), pkg.join(format!("{OUTPUT_NAME}.wasm")))?;
    Ok(())
}

/// Optimizes each module for size with binaryen's wasm-opt -Oz (npm's, in tools/), in one Node
/// process that loads binaryen once for all modules (`tools/wasm-opt-all.mjs`).
fn wasm_opt(files: &[PathBuf]) -> Result<()> {
    let status = Command::new("node").arg("tools/wasm-opt-all.mjs").args(files).status().context("starting node")?;
    if !status.success() {
        bail!("wasm-opt failed ({status})");
    }
    Ok(())
}

fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_folder(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}
