//! Which facts a page shows, as a hash: so that a fact edit renders again only the pages that
//! show the changed facts, not every page that shows any.
//!
//! A *cell* (one subject, one criterion) hashes to its values, the pages citing each value with
//! their notes and dates, and whether it is disputed. A page's facts key combines the cells it
//! can show — its own facts, the cells of its comparison tables, its subject's cells, its
//! decision outcomes' cells — with the schema and the subjects' names and pages.

use rustc_hash::FxHashMap;
use std::hash::Hash;

use crate::fingerprint::Fingerprint;
use rayon::prelude::*;

use crate::model::decision::NodeKind;
use crate::model::{PageId, Site};

/// Hashes of the site's facts, made once per build.
pub struct FactKeys {
    base: u128,
    cells: FxHashMap<(usize, usize), u128>,
    criteria: usize,
}

impl FactKeys {
    /// The keys of `site`'s facts.
    pub fn new(site: &Site) -> FactKeys {
        let facts = &site.facts;
        let mut hasher = Fingerprint::default();
        facts.schema_fingerprint.hash(&mut hasher);
        for subject in &facts.subjects {
            (
                &subject.id,
                &subject.name,
                &subject.summary,
                &subject.homepage,
            )
                .hash(&mut hasher);
            site.pages[subject.page].url.hash(&mut hasher);
        }
        let base = hasher.digest128();
        let cells = facts
            .cells
            .par_iter()
            .map(|(&key, cell)| {
                let mut hasher = Fingerprint::default();
                cell.disputed.hash(&mut hasher);
                for value in &cell.values {
                    value.value.key().hash(&mut hasher);
                    for &f in &value.facts {
                        let fact = &facts.facts[f];
                        let page = &site.pages[fact.page];
                        // Tables name the article a citing page summarises.
                        let article = page.cites.as_ref().map(|c| &c.title);
                        (&page.rel_path, article, &fact.note, &fact.as_of).hash(&mut hasher);
                    }
                }
                (key, hasher.digest128())
            })
            .collect();
        FactKeys {
            base,
            cells,
            criteria: facts.schema.criteria.len(),
        }
    }

    fn hash_cells(&self, hasher: &mut Fingerprint, cells: impl Iterator<Item = (usize, usize)>) {
        self.base.hash(hasher);
        for key in cells {
            (key, self.cells.get(&key).copied().unwrap_or(0)).hash(hasher);
        }
    }

    /// Every cell of `subjects`, for all criteria (a pair comparison, a subject page).
    pub fn subjects(&self, subjects: &[usize]) -> u128 {
        let mut hasher = Fingerprint::default();
        self.hash_cells(
            &mut hasher,
            subjects
                .iter()
                .flat_map(|&s| (0..self.criteria).map(move |c| (s, c))),
        );
        hasher.digest128()
    }

    /// The facts key of page `id`, or `None` when it shows no facts.
    pub fn page(&self, site: &Site, id: PageId) -> Option<u128> {
        let facts = &site.facts;
        let mut cells: Vec<(usize, usize)> = site.facts_by_page[id]
            .iter()
            .map(|&f| (facts.facts[f].subject, facts.facts[f].criterion))
            .collect();
        for table in &site.tables[id] {
            for &s in &table.subjects {
                cells.extend((0..self.criteria).map(|c| (s, c)));
            }
        }
        if let Some(s) = facts.subjects.iter().position(|s| s.page == id) {
            cells.extend((0..self.criteria).map(|c| (s, c)));
        }
        if let Some(tree) = &site.trees[id] {
            for node in &tree.nodes {
                if let NodeKind::Outcome {
                    recommend, because, ..
                } = &node.kind
                {
                    cells.extend(
                        recommend
                            .iter()
                            .flat_map(|&s| because.iter().map(move |&c| (s, c))),
                    );
                }
            }
            // A tree names its subjects even where it cites no criterion.
            cells.push((usize::MAX, usize::MAX));
        }
        if cells.is_empty() && !facts.subjects.iter().any(|s| s.page == id) {
            return None;
        }
        let mut hasher = Fingerprint::default();
        self.hash_cells(&mut hasher, cells.into_iter());
        Some(hasher.digest128())
    }
}
