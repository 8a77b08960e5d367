//! Typed ids: a page's index cannot be taken for a section's, a subject's or a criterion's.
//!
//! The model keeps pages and sections in lists, and every other part of it names them by
//! their place in those lists. The lists stay plain `Vec`s, indexed by these ids
//! (`site.pages[id]`) through the `Index` impls below.

use std::ops::{Index, IndexMut};

use serde::Serialize;

/// The index of a page in [`crate::model::Site::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct PageId(pub usize);

/// The index of a section in [`crate::model::Site::sections`]; the root is `SectionId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct SectionId(pub usize);

/// The index of a subject in [`crate::model::Facts::subjects`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct SubjectId(pub usize);

/// The index of a criterion in [`crate::model::Schema::criteria`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct CriterionId(pub usize);

impl PageId {
    /// The ids of `n` pages, in order.
    pub fn all(n: usize) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator {
        (0..n).map(PageId)
    }
}

impl SectionId {
    /// The root section.
    pub const ROOT: SectionId = SectionId(0);
}

/// `Index` and `IndexMut` of any `[T]` (and so of any `Vec<T>`) by an id.
macro_rules! index_by {
    ($($id:ty),+) => {$(
        impl<T> Index<$id> for [T] {
            type Output = T;
            fn index(&self, id: $id) -> &T {
                &self[id.0]
            }
        }
        impl<T> IndexMut<$id> for [T] {
            fn index_mut(&mut self, id: $id) -> &mut T {
                &mut self[id.0]
            }
        }
        impl<T> Index<$id> for Vec<T> {
            type Output = T;
            fn index(&self, id: $id) -> &T {
                &self[id.0]
            }
        }
        impl<T> IndexMut<$id> for Vec<T> {
            fn index_mut(&mut self, id: $id) -> &mut T {
                &mut self[id.0]
            }
        }
    )+};
}

index_by!(PageId, SectionId, SubjectId, CriterionId);
