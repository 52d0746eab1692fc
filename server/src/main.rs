#![recursion_limit = "256"]
use leptos::prelude::get_configuration;
use server::commands::{self, Command};
use server::config::Settings;
use server::startup::Application;

#[tokio::main]
async fn main() {
    server::telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match commands::parse(&args) {
        Ok(Command::Serve) => serve().await,
        Ok(Command::Help) => print!("{}", commands::USAGE),
        Ok(Command::ResetSecondStep { email }) => {
            match commands::reset_second_step(&Settings::from_env(), &email).await {
                Ok(()) => println!(
                    "De tweede stap van {email} is teruggezet; alle sessies van dit account zijn beëindigd.\n\
                     Bij de volgende keer inloggen (met het wachtwoord) wordt een nieuwe tweede stap ingesteld."
                ),
                Err(error) => {
                    eprintln!("Terugzetten mislukt: {error}");
                    std::process::exit(1);
                }
            }
        }
        Ok(Command::RetentionDryRun { as_of }) => match commands::retention_dry_run(&Settings::from_env(), as_of).await
        {
            Ok(lines) => lines.iter().for_each(|line| println!("{line}")),
            Err(error) => {
                eprintln!("De lijst kon niet worden gemaakt: {error}");
                std::process::exit(1);
            }
        },
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}

async fn serve() {
    // `None`: the site settings come from cargo-leptos's environment (LEPTOS_SITE_ADDR …).
    let conf = match get_configuration(None) {
        Ok(conf) => conf,
        Err(error) => {
            eprintln!("Leptos-configuratie ontbreekt: {error}");
            std::process::exit(2);
        }
    };
    let settings = Settings::from_env();
    let app = match Application::build(settings.clone(), conf.leptos_options).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "start-up failed");
            std::process::exit(1);
        }
    };
    tracing::info!(address = %app.address(), data = %settings.data_dir.display(), "Zorgvuldig is running");
    if let Err(error) = app.run().await {
        tracing::error!(%error, "server stopped with an error");
        std::process::exit(1);
    }
    tracing::info!("Zorgvuldig stopped");
}
