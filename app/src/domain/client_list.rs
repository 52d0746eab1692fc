//! The list of all clients, shown only when asked for (names are not on show at the desk by
//! default, REQ-5), one page at a time.

use serde::{Deserialize, Serialize};

/// How the whole list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ClientOrder {
    /// A to Z by surname, then first name.
    #[default]
    Surname,
    /// Newest dossier first.
    Newest,
}

impl ClientOrder {
    pub fn code(self) -> &'static str {
        match self {
            Self::Surname => "surname",
            Self::Newest => "newest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Surname, Self::Newest].into_iter().find(|order| order.code() == code)
    }
}

/// What the client list shows with an empty search box, when asked. It holds no name, so it is
/// kept in the page's address: going into a dossier and back shows the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Browse {
    /// The dossiers this staff member opened last.
    Recent,
    /// All clients, page by page.
    All { page: u32, order: ClientOrder },
}

impl Browse {
    /// The address's query for this choice (`None`: nothing listed, no query).
    pub fn query(browse: Option<Self>) -> String {
        match browse {
            None => String::new(),
            Some(Self::Recent) => "?lijst=recent".to_owned(),
            Some(Self::All { page, order }) => format!("?lijst=alle&pagina={page}&volgorde={}", order.code()),
        }
    }

    /// Reads the choice back from the address's `lijst`, `pagina` and `volgorde`. An address
    /// edited by hand lists what it still clearly asks for, and otherwise nothing.
    pub fn from_query(list: Option<&str>, page: Option<&str>, order: Option<&str>) -> Option<Self> {
        match list? {
            "recent" => Some(Self::Recent),
            "alle" => Some(Self::All {
                page: page.and_then(|page| page.parse().ok()).filter(|page| *page >= 1).unwrap_or(1),
                order: order.and_then(ClientOrder::from_code).unwrap_or_default(),
            }),
            _ => None,
        }
    }
}

pub const PAGE_SIZE: u32 = 25;

/// Which page is shown for a requested page number: pages count from 1, a number past the end
/// shows the last page, and an empty list still has one (empty) page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWindow {
    pub page: u32,
    pub pages: u32,
    pub offset: u32,
}

pub fn page_window(requested: u32, total: u32) -> PageWindow {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = requested.clamp(1, pages);
    PageWindow { page, pages, offset: (page - 1) * PAGE_SIZE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_from_one_and_stop_at_the_last() {
        assert_eq!(page_window(1, 0), PageWindow { page: 1, pages: 1, offset: 0 });
        assert_eq!(page_window(0, 30), PageWindow { page: 1, pages: 2, offset: 0 });
        assert_eq!(page_window(2, 30), PageWindow { page: 2, pages: 2, offset: 25 });
        assert_eq!(page_window(9, 50), PageWindow { page: 2, pages: 2, offset: 25 });
        assert_eq!(page_window(3, 51), PageWindow { page: 3, pages: 3, offset: 50 });
    }

    #[test]
    fn the_browse_choice_round_trips_through_the_address() {
        let choices = [
            None,
            Some(Browse::Recent),
            Some(Browse::All { page: 1, order: ClientOrder::Surname }),
            Some(Browse::All { page: 7, order: ClientOrder::Newest }),
        ];
        for choice in choices {
            let query = Browse::query(choice);
            let param = |name: &str| {
                query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            };
            assert_eq!(Browse::from_query(param("lijst"), param("pagina"), param("volgorde")), choice, "{query}");
        }
    }

    #[test]
    fn an_address_edited_by_hand_lists_only_what_it_clearly_asks_for() {
        assert_eq!(Browse::from_query(Some("iedereen"), None, None), None);
        assert_eq!(Browse::from_query(None, Some("2"), Some("newest")), None);
        let first_page = Some(Browse::All { page: 1, order: ClientOrder::Surname });
        assert_eq!(Browse::from_query(Some("alle"), Some("0"), Some("leeftijd")), first_page);
        assert_eq!(Browse::from_query(Some("alle"), Some("-3"), None), first_page);
        assert_eq!(Browse::from_query(Some("alle"), Some("99999999999"), None), first_page);
    }

    #[test]
    fn orders_round_trip() {
        for order in [ClientOrder::Surname, ClientOrder::Newest] {
            assert_eq!(ClientOrder::from_code(order.code()), Some(order));
        }
        assert_eq!(ClientOrder::from_code("age"), None);
    }
}
