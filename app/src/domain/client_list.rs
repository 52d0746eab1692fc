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
    fn orders_round_trip() {
        for order in [ClientOrder::Surname, ClientOrder::Newest] {
            assert_eq!(ClientOrder::from_code(order.code()), Some(order));
        }
        assert_eq!(ClientOrder::from_code("age"), None);
    }
}
