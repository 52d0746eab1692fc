//! Builds the release site: the server binary and the browser's WebAssembly, split by groups
//! of pages, in `target/site`. It does what `cargo leptos build --release --split` (0.3.10) does, with the
//! same settings from `[[workspace.metadata.leptos]]`, and calls the same libraries for the two
//! steps that need more than cargo: `wasm_split_cli_support` (vendored in `wasm-split/`, where it
//! also merges small shared chunks) splits the module per lazy route and
//! `wasm-bindgen-cli-support` writes its JavaScript glue. What it leaves out: JavaScript
//! minification (the files are compressed with brotli 11 afterwards) and CSS minification.
//! Installing cargo-leptos compiles about 670 crates (25 minutes on 2 cores); this, about 60.
//!
//! Run from the repository root: `cargo run --release --manifest-path tools/site-build/Cargo.toml`.
//! With `--browser-only` it leaves the server out: the test command runs the browser tests on
//! the server its unit and integration tests already built, so CI compiles the server's
//! dependencies once, not twice. It builds the islands build users get (the `islands` feature of
//! the server and browser crates, on by default), and splits the module by live parts, grouped
//! as `LIVE_PART_GROUPS` says. With `--whole-page` it builds the earlier build instead, in which
//! every page is hydrated whole and split by lazy routes, to compare the two.

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

/// The islands build's live parts (`#[leptos::island(lazy)]`), by the group of pages used
/// together whose browser module they go into. Leptos gives every lazy live part a module of its
/// own, `<live part>_loader_<hash>`; the code that two or more of them share then goes into a
/// module for every set that shares it, and a page fetched 25 to 155 small files (on a phone's
/// network six at a time, a round trip each). Grouped, a page fetches its groups' modules and the
/// few that groups share, as the lazy routes' groups do in the whole-page build. A live part not
/// listed here keeps a module of its own.
const LIVE_PART_GROUPS: &[(&str, &str)] = &[
    // The signed-in frame is on every signed-in page; the client list is where staff start.
    ("signed_in_frame", "clients"),
    ("find_client", "clients"),
    // Only the intake page has the intake form: the client list, where staff start, does not load it.
    ("new_client_form", "intake"),
    ("dossier", "dossier"),
    ("correction_form", "dossier"),
    ("new_treatment_form", "dossier"),
    ("settings_forms", "practice"),
    ("own_security", "practice"),
    ("template_editors", "practice"),
    ("treatment_types", "practice"),
    ("team", "practice"),
    ("retention", "practice"),
    // The sign-in page, where most visits start, loads its own two live parts and no others'.
    ("sign_in_form", "sign_in_page"),
    ("sign_in_languages", "sign_in_page"),
    ("second_step", "sign_in"),
    ("setup_form", "sign_in"),
    ("invitation", "sign_in"),
    ("kiosk", "kiosk"),
];

/// Code shared by a few groups smaller than this (bytes before wasm-opt, about a third after)
/// goes into a larger chunk that more groups share: on a phone's network a file costs more than
/// a few kilobytes (wasm-split/CHANGES.md).
const MIN_CHUNK_SIZE: usize = 32_000;

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
    let (mut browser_only, mut islands) = (false, true);
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--browser-only" => browser_only = true,
            "--whole-page" => islands = false,
            other => bail!("unknown argument {other}; there are --browser-only and --whole-page"),
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
        // Splitting needs the linker's relocations. `-O0` keeps the linker from merging equal
        // strings into one place: `wasm_split` copies such a place into every module that uses
        // it, and when the copies make the read-only data longer than the linker's, it puts all
        // of it into the main module (115 kB raw, 35 kB brotli, on the sign-in page). Code is
        // optimized before linking, so this costs only the few duplicate strings.
        Some("-Clink-args=--emit-relocs -Clink-arg=-O0"),
    )?;
    let wasm = Path::new(FRONT_TARGET_DIR)
        .join("wasm32-unknown-unknown")
        .join(LIB_PROFILE)
        .join(format!("{LIB_PACKAGE}.wasm"));
    let split_modules = split(&wasm, &pkg, islands)?;
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

/// Splits the module at its lazy routes (or, in the islands build, at its live parts, each moved
/// into its group first, without the asynchronous hydration it never uses): the chunks go into
/// `pkg`, the main module beside the input for wasm-bindgen. Returns the chunks' paths.
fn split(wasm: &Path, pkg: &Path, islands: bool) -> Result<Vec<PathBuf>> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let (input, groups) = if islands { (without_async_hydration(&input)?, LIVE_PART_GROUPS) } else { (input, &[][..]) };
    let (input, moved) = into_groups(&input, groups)?;
    let main_out = wasm.with_file_name(format!("{LIB_PACKAGE}_split.wasm"));
    let main_module = format!("./{OUTPUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = SPLIT_LINK_NAME;
    options.min_chunk_size = MIN_CHUNK_SIZE;
    let mut split = wasm_split_cli_support::transform(options).map_err(|error| anyhow::anyhow!("{error:?}"))?;
    let (before, after) = (data_segment_lengths(&input)?, data_segment_lengths(&std::fs::read(&main_out)?)?);
    if !split.split_modules.is_empty() && before.iter().max() == after.iter().max() {
        // What cost the twenty-first session 115 kB on every page, unseen until measured.
        step("WARNING: the main module holds all of the read-only data: the split modules' data no longer fit in the linker's place for it (see the README, twenty-second session)");
    }
    // The server asks for a live part's files under its own module's name (leptos's
    // `prefetch_lazy_fn_on_server`): that name lists its group's.
    for (module, group) in moved {
        if let Some(files) = split.prefetch_map.get(&group).cloned() {
            split.prefetch_map.insert(module, files);
        }
    }
    std::fs::write(pkg.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&split.prefetch_map)?)?;
    Ok(split.split_modules)
}

/// The length of each data segment of a module.
fn data_segment_lengths(module: &[u8]) -> Result<Vec<usize>> {
    let mut lengths = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::DataSection(reader) = payload? {
            for data in reader {
                lengths.push(data?.data.len());
            }
        }
    }
    Ok(lengths)
}

/// Every `.into_any()` stores a pointer to its view's asynchronous hydration, and with it that
/// view's whole tree of `hydrate_async` code: about 13% of the code of every module (500 kB raw
/// before wasm-opt). Only `leptos::mount::hydrate_from_async` calls it; the islands build
/// hydrates each live part synchronously (the whole-page build does call it, and keeps it). So
/// each such function's body becomes a trap, of the same length, and its relocations go: nothing
/// then reaches that tree, and the split leaves it out. Refuses a module that does hydrate
/// asynchronously.
fn without_async_hydration(input: &[u8]) -> Result<Vec<u8>> {
    use wasm_encoder::Encode;
    use wasmparser::{KnownCustom, Name, Payload};
    const STORED_BY_INTO_ANY: &str = "IntoAny$GT$8into_any13hydrate_async17h";
    let mut imported_functions = 0u32;
    let mut bodies = Vec::new();
    let mut code_start = 0usize;
    let mut stubbed_functions = std::collections::HashSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(input) {
        match payload? {
            Payload::ImportSection(reader) => {
                for imports in reader {
                    if let wasmparser::Imports::Single(_, import) = imports? {
                        if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                            imported_functions += 1;
                        }
                    }
                }
            }
            Payload::CodeSectionStart { range, .. } => code_start = range.start as usize,
            Payload::CodeSectionEntry(body) => bodies.push(body),
            Payload::CustomSection(section) => {
                let KnownCustom::Name(names) = section.as_known() else { continue };
                for name in names {
                    let Name::Function(functions) = name? else { continue };
                    for function in functions {
                        let function = function?;
                        if function.name.contains("hydrate_from_async") {
                            bail!(
                                "the browser module hydrates asynchronously ({}): its async hydration is needed",
                                function.name
                            );
                        }
                        if function.name.contains(STORED_BY_INTO_ANY) {
                            stubbed_functions.insert(function.index);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if stubbed_functions.is_empty() {
        return Ok(input.to_vec());
    }
    let mut output = input.to_vec();
    let mut stubbed_ranges = Vec::new();
    for (position, body) in bodies.iter().enumerate() {
        if !stubbed_functions.contains(&(imported_functions + position as u32)) {
            continue;
        }
        let instructions = body.get_operators_reader()?.original_position() as usize..body.range().end as usize;
        if instructions.len() < 2 {
            continue;
        }
        output[instructions.start] = 0x00; // unreachable
        output[instructions.start + 1..instructions.end - 1].fill(0x01); // nop
        output[instructions.end - 1] = 0x0b; // end
        stubbed_ranges.push(instructions.start - code_start..instructions.end - code_start);
    }
    step(&format!("Left out the asynchronous hydration of {} views", stubbed_ranges.len()));
    let mut module = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(input) {
        let payload = payload?;
        if let Payload::CustomSection(section) = &payload {
            if let KnownCustom::Reloc(relocations) = section.as_known() {
                let mut kept = Vec::new();
                let mut count = 0u32;
                let of_code = section.name() == "reloc.CODE";
                for entry in relocations.entries() {
                    let entry = entry?;
                    let offset = entry.offset as usize;
                    if of_code && stubbed_ranges.iter().any(|range| range.contains(&offset)) {
                        continue;
                    }
                    count += 1;
                    kept.push(entry.ty as u8);
                    entry.offset.encode(&mut kept);
                    entry.index.encode(&mut kept);
                    if entry.ty.addend_kind() != wasmparser::RelocAddendKind::None {
                        entry.addend.encode(&mut kept);
                    }
                }
                let mut data = Vec::new();
                relocations.section_index().encode(&mut data);
                count.encode(&mut data);
                data.extend(kept);
                module.section(&wasm_encoder::CustomSection { name: section.name().into(), data: data.into() });
                continue;
            }
        }
        if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection { id, data: &output[range.start as usize..range.end as usize] });
        }
    }
    Ok(module.finish())
}

/// Moves each split function of a module `<live part>_loader_<hash>` into its group's module by
/// renaming the imports and exports that `wasm_split` marks it with (their names carry the
/// module's); every other byte stays as it is, the linker's relocations included. Returns the
/// module and the modules moved, with their groups.
fn into_groups(input: &[u8], groups: &[(&str, &str)]) -> Result<(Vec<u8>, Vec<(String, String)>)> {
    use std::collections::BTreeMap;
    use wasm_encoder::reencode::Reencode;
    use wasmparser::{Imports, Payload};
    if groups.is_empty() {
        return Ok((input.to_vec(), Vec::new()));
    }
    let mut moved = BTreeMap::<String, String>::new();
    let mut rename = |name: &str| -> String {
        let (prefix, rest) = if let Some(rest) = name.strip_prefix("__wasm_split_00") {
            ("__wasm_split_00", rest)
        } else if let Some(rest) = name.strip_prefix("__wasm_split_load_") {
            ("__wasm_split_load_", rest)
        } else {
            return name.to_owned();
        };
        let (module, tail) = match prefix {
            "__wasm_split_00" => match rest.find("00_import_").or_else(|| rest.find("00_export_")) {
                Some(end) => (&rest[..end], &rest[end..]),
                None => return name.to_owned(),
            },
            _ => (rest, ""),
        };
        let Some((part, hash)) = module.rsplit_once("_loader_") else { return name.to_owned() };
        let Some((_, group)) = groups.iter().find(|(listed, _)| *listed == part) else {
            return name.to_owned();
        };
        if hash.is_empty() || !hash.bytes().all(|byte| byte.is_ascii_digit()) {
            return name.to_owned();
        }
        moved.insert(module.to_owned(), (*group).to_owned());
        format!("{prefix}{group}{tail}")
    };
    let mut output = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(input) {
        match payload? {
            Payload::ImportSection(reader) => {
                let mut section = wasm_encoder::ImportSection::new();
                for imports in reader {
                    let Imports::Single(_, import) = imports? else {
                        bail!("compact imports: not written by rustc's linker, not handled here");
                    };
                    let ty = wasm_encoder::reencode::RoundtripReencoder
                        .entity_type(import.ty)
                        .map_err(|error| anyhow::anyhow!("{error:?}"))?;
                    section.import(import.module, &rename(import.name), ty);
                }
                output.section(&section);
            }
            Payload::ExportSection(reader) => {
                let mut section = wasm_encoder::ExportSection::new();
                for export in reader {
                    let export = export?;
                    let kind = wasm_encoder::reencode::RoundtripReencoder
                        .export_kind(export.kind)
                        .map_err(|error| anyhow::anyhow!("{error:?}"))?;
                    section.export(&rename(export.name), kind, export.index);
                }
                output.section(&section);
            }
            payload => {
                if let Some((id, range)) = payload.as_section() {
                    output.section(&wasm_encoder::RawSection {
                        id,
                        data: &input[range.start as usize..range.end as usize],
                    });
                }
            }
        }
    }
    Ok((output.finish(), moved.into_iter().collect()))
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
