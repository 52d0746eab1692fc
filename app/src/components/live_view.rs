//! How the server renders a live part's view in the islands build, so that the browser can take
//! it over.
//!
//! The server numbers what it sends along with a page (a resource's data, a suspense boundary)
//! in the order it renders, but only while it marks itself as hydrating; the browser numbers
//! every one as it takes a live part over, and finds a resource's data by that number. Leptos
//! marks only the body of a live part as hydrating, not what its view builds while rendering: a
//! list under a `Show`, a `Transition` inside it. There the server's numbers fell behind the
//! browser's, the browser found no data for the list, and hydrating the live part panicked.
//! Rendered through [`live_view`], all of a live part's view is numbered as the browser numbers
//! it; the page the signed-in frame holds, which the browser does not take over, through
//! [`server_only`], is not.
//!
//! What a `Suspense` renders once its data has come is rendered after the live part, outside
//! both: it may hold no resource or suspense boundary of its own.
//!
//! In the whole-page build the server marks everything as hydrating, and in the browser there is
//! nothing to mark: both functions give the view back as it is.

use leptos::prelude::*;

/// A live part's view, numbered on the server as the browser numbers it.
pub fn live_view(view: impl IntoView) -> impl IntoView {
    #[cfg(all(feature = "ssr", feature = "islands"))]
    return server::Numbered { view, hydrating: true };
    #[cfg(not(all(feature = "ssr", feature = "islands")))]
    view
}

/// What a live part holds as its children but the browser does not take over (the page inside
/// the signed-in frame): not numbered, as the browser does not number it.
pub fn server_only(view: impl IntoView) -> impl IntoView {
    #[cfg(all(feature = "ssr", feature = "islands"))]
    return server::Numbered { view, hydrating: false };
    #[cfg(not(all(feature = "ssr", feature = "islands")))]
    view
}

#[cfg(all(feature = "ssr", feature = "islands"))]
mod server {
    use leptos::prelude::*;
    use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
    use leptos::tachys::hydration::Cursor;
    use leptos::tachys::ssr::StreamBuilder;
    use leptos::tachys::view::{add_attr::AddAnyAttr, Position, PositionState};

    pub struct Numbered<V> {
        pub view: V,
        pub hydrating: bool,
    }

    fn numbered<T>(hydrating: bool, render: impl FnOnce() -> T) -> T {
        match Owner::current_shared_context() {
            None => render(),
            Some(shared) => {
                let before = shared.get_is_hydrating();
                shared.set_is_hydrating(hydrating);
                let rendered = render();
                shared.set_is_hydrating(before);
                rendered
            }
        }
    }

    impl<V: Render> Render for Numbered<V> {
        type State = V::State;

        fn build(self) -> Self::State {
            self.view.build()
        }

        fn rebuild(self, state: &mut Self::State) {
            self.view.rebuild(state)
        }
    }

    impl<V: AddAnyAttr> AddAnyAttr for Numbered<V> {
        type Output<SomeNewAttr: Attribute> = Numbered<V::Output<SomeNewAttr>>;

        fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
        where
            Self::Output<NewAttr>: RenderHtml,
        {
            Numbered { view: self.view.add_any_attr(attr), hydrating: self.hydrating }
        }
    }

    impl<V: RenderHtml> RenderHtml for Numbered<V> {
        type AsyncOutput = Numbered<V::AsyncOutput>;
        type Owned = Numbered<V::Owned>;

        const MIN_LENGTH: usize = V::MIN_LENGTH;
        const EXISTS: bool = V::EXISTS;

        fn dry_resolve(&mut self) {
            let view = &mut self.view;
            numbered(self.hydrating, || view.dry_resolve())
        }

        async fn resolve(self) -> Self::AsyncOutput {
            Numbered { view: self.view.resolve().await, hydrating: self.hydrating }
        }

        fn html_len(&self) -> usize {
            self.view.html_len()
        }

        fn to_html_with_buf(
            self,
            buf: &mut String,
            position: &mut Position,
            escape: bool,
            mark_branches: bool,
            extra_attrs: Vec<AnyAttribute>,
        ) {
            let view = self.view;
            numbered(self.hydrating, || view.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs))
        }

        fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
            self,
            buf: &mut StreamBuilder,
            position: &mut Position,
            escape: bool,
            mark_branches: bool,
            extra_attrs: Vec<AnyAttribute>,
        ) where
            Self: Sized,
        {
            let view = self.view;
            numbered(self.hydrating, || {
                view.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs)
            })
        }

        fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
            self.view.hydrate::<FROM_SERVER>(cursor, position)
        }

        fn into_owned(self) -> Self::Owned {
            Numbered { view: self.view.into_owned(), hydrating: self.hydrating }
        }
    }
}
