//! Operations run on the practice's own machine, as subcommands of the same binary: they work
//! on the database directly, beside a running server or without one, and log what they did
//! under the system's name.

use crate::config::Settings;
use crate::startup::open_database;
use app::db::audit::AuditCheckpoint;
use app::domain::audit::{Actor, AuditAction, AuditDetail, SystemJob};
use app::domain::user::Role;
use app::service::{Entry, Origin, Work};

/// What `zorgvuldig help` prints.
pub const USAGE: &str = "\
Gebruik: zorgvuldig [opdracht]

  (geen opdracht)                      de app starten
  reset-second-step --email ADRES     de tweede stap van dit account terugzetten: bij de
                                       volgende keer inloggen stelt de eigenaar van het account
                                       een nieuwe in (voor wie telefoon en herstelcodes kwijt is)
  retention --dry-run [--as-of JJJJ-MM-DD]
                                       de dossiers tonen waarvan de bewaartermijn verstreken is
                                       (vandaag, of op de gegeven dag); er wordt niets vernietigd:
                                       dat keurt de eigenaar goed in de app (Bewaartermijnen)
  help                                 deze uitleg
";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    ResetSecondStep { email: String },
    RetentionDryRun { as_of: Option<chrono::NaiveDate> },
    Help,
}

/// Reads the command line (without the program's name).
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Serve),
        [command] if command == "serve" => Ok(Command::Serve),
        [command] if command == "help" || command == "--help" || command == "-h" => Ok(Command::Help),
        [command, flag, email] if command == "reset-second-step" && flag == "--email" => {
            let email = email.trim().to_lowercase();
            if email.is_empty() || !email.contains('@') {
                return Err("Geef het e-mailadres van het account: --email naam@praktijk.nl".into());
            }
            Ok(Command::ResetSecondStep { email })
        }
        [command, flag] if command == "retention" && flag == "--dry-run" => {
            Ok(Command::RetentionDryRun { as_of: None })
        }
        [command, flag, as_of, day] if command == "retention" && flag == "--dry-run" && as_of == "--as-of" => {
            let day = day.trim().parse().map_err(|_| format!("Geen datum: {day}. Schrijf de dag als 2028-03-14."))?;
            Ok(Command::RetentionDryRun { as_of: Some(day) })
        }
        [command, ..] if command == "retention" => {
            Err("Gebruik: zorgvuldig retention --dry-run [--as-of JJJJ-MM-DD]\n\
             Vernietigen gebeurt alleen na goedkeuring door de eigenaar, in de app onder Bewaartermijnen."
                .into())
        }
        [command, ..] if command == "reset-second-step" => {
            Err("Gebruik: zorgvuldig reset-second-step --email naam@praktijk.nl".into())
        }
        [other, ..] => Err(format!("Onbekende opdracht: {other}\n\n{USAGE}")),
    }
}

/// Removes the second step and the recovery codes of the active account with `email`, and
/// ends its sessions and waiting sign-ins: its next sign-in (password first) sets up a new one.
pub async fn reset_second_step(settings: &Settings, email: &str) -> Result<(), Box<dyn std::error::Error>> {
    let checkpoint = AuditCheckpoint::default();
    let db = open_database(settings, &checkpoint).await?;
    let result = async {
        let actor = Actor::System(SystemJob::Command);
        let mut work = Work::write(&db, &settings.clock, actor, Origin::this_machine()).await?;
        let mut found = app::db::user::find_by_email(work.conn(), &email.trim().to_lowercase()).await?;
        let account = found.take().ok_or_else(|| format!("Geen actief account met e-mailadres {email}."))?;
        let role = Role::from_code(&account.role).ok_or("Dit account heeft een rol die deze versie niet kent.")?;
        app::db::second_step::remove(work.conn(), account.id).await?;
        app::db::second_step::delete_pending_of(work.conn(), account.id).await?;
        app::db::session::end_all_but(work.conn(), account.id, None).await?;
        work.audit(
            Entry::new(AuditAction::SecondStepReset).detail(AuditDetail::Colleague { colleague: account.id, role }),
        );
        work.commit().await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    }
    .await;
    db.close().await;
    result
}

/// The dossiers whose term has ended on `as_of` (today by default), as lines to print: the
/// date, the rule, the name and the id; a held one says so. Showing the names is logged.
pub async fn retention_dry_run(
    settings: &Settings,
    as_of: Option<chrono::NaiveDate>,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let checkpoint = AuditCheckpoint::default();
    let db = open_database(settings, &checkpoint).await?;
    let result = async {
        let actor = Actor::System(SystemJob::Command);
        let mut work = Work::read(&db, &settings.clock, actor, Origin::this_machine()).await?;
        let as_of = as_of.unwrap_or_else(|| work.today());
        let due = app::service::retention::due_list(&mut work, as_of).await?;
        work.commit().await?;
        let mut lines =
            vec![format!("Bewaartermijn verstreken op {}: {} dossier(s)", as_of.format("%d-%m-%Y"), due.len())];
        for dossier in due {
            let kept = &dossier.kept_until;
            let held = if dossier.held { "  [bewaarplicht: niet vernietigen]" } else { "" };
            lines.push(format!(
                "{}  {} {}  ({}; {})  {}{held}",
                kept.date.format("%d-%m-%Y"),
                dossier.first_name,
                dossier.surname,
                app::text::term_label(kept),
                app::text::ground_label(kept.rule.ground),
                dossier.client_id,
            ));
        }
        Ok::<_, Box<dyn std::error::Error>>(lines)
    }
    .await;
    db.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_line_is_read_strictly() {
        assert_eq!(parse(&args(&[])), Ok(Command::Serve));
        assert_eq!(parse(&args(&["help"])), Ok(Command::Help));
        assert_eq!(
            parse(&args(&["reset-second-step", "--email", " Jindra@Praktijk.nl "])),
            Ok(Command::ResetSecondStep { email: "jindra@praktijk.nl".into() })
        );
        assert!(parse(&args(&["reset-second-step"])).is_err());
        assert!(parse(&args(&["reset-second-step", "--email", "geen-adres"])).is_err());
        assert!(parse(&args(&["wis-alles"])).unwrap_err().contains("Onbekende opdracht"));
        assert_eq!(parse(&args(&["retention", "--dry-run"])), Ok(Command::RetentionDryRun { as_of: None }));
        assert_eq!(
            parse(&args(&["retention", "--dry-run", "--as-of", "2028-03-14"])),
            Ok(Command::RetentionDryRun { as_of: "2028-03-14".parse().ok() })
        );
        assert!(parse(&args(&["retention", "--dry-run", "--as-of", "14-03-2028"])).unwrap_err().contains("Geen datum"));
        assert!(parse(&args(&["retention"])).unwrap_err().contains("goedkeuring"));
    }
}
