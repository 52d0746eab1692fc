//! Integration tests: the real router on a free port, a fresh SQLite file per test, spoken to
//! over HTTP the way a browser would (and the way an attacker's page would).

#![recursion_limit = "256"]

mod helpers;

mod access;
mod audit;
mod auth;
mod client_list;
mod clients;
mod consent;
mod languages;
mod load;
mod photos;
mod probes;
mod retention;
mod schema;
mod screen_lock;
mod second_step;
mod security;
mod shutdown;
mod team;
mod treatments;
mod upgrade;
mod work;
mod writer;
