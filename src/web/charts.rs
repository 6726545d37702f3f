//! Bar charts of amounts, drawn on the server as SVG: one bar per row, scaled to the largest
//! amount, within a width that fits a 1,280 px page. The chart only draws what its table says;
//! the table is the content, the SVG names itself with a title and a description. Texts are
//! escaped by the template that writes them.

use crate::domain::account::Language;
use crate::domain::money::Cents;
use crate::texts::labels;

/// The whole drawing's width; labels take the left part, bars and amounts the rest.
pub const WIDTH: u32 = 760;
const LABEL_WIDTH: u32 = 230;
const BAR_AREA: u32 = 360;
const ROW: u32 = 26;

pub struct MoneyBar {
    pub label: String,
    pub amount: String,
    pub width: u32,
    pub y: u32,
    pub text_y: u32,
    pub amount_x: u32,
}

pub struct MoneyChart {
    pub id: String,
    pub title: String,
    /// What the chart shows, for those who do not see it (the SVG's `desc`).
    pub description: String,
    pub height: u32,
    pub bar_x: u32,
    pub bars: Vec<MoneyBar>,
}

/// A chart of `rows` (label, amount), in their order; negative amounts draw no bar.
pub fn money_chart(
    id: &str,
    title: String,
    description: String,
    rows: Vec<(String, Cents)>,
    lang: Language,
) -> MoneyChart {
    let max = rows.iter().map(|(_, c)| c.get()).max().unwrap_or(0).max(1);
    let bars: Vec<MoneyBar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, amount))| {
            let share = i128::from(amount.get().max(0)) * i128::from(BAR_AREA) / i128::from(max);
            let width = u32::try_from(share).unwrap_or(BAR_AREA);
            let y = u32::try_from(i).unwrap_or(u32::MAX / ROW - 1) * ROW;
            MoneyBar {
                label,
                amount: labels::money(amount, lang),
                width,
                y,
                text_y: y + 17,
                amount_x: LABEL_WIDTH + width + 6,
            }
        })
        .collect();
    MoneyChart {
        id: id.to_owned(),
        title,
        description,
        height: u32::try_from(bars.len()).unwrap_or(1).max(1) * ROW,
        bar_x: LABEL_WIDTH,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_amount_fills_the_bar_area_and_the_others_scale() {
        let chart = money_chart(
            "x",
            "t".into(),
            "d".into(),
            vec![
                ("2027".into(), Cents::euros(100)),
                ("2028".into(), Cents::euros(50)),
                ("2029".into(), Cents::ZERO),
            ],
            Language::De,
        );
        let widths: Vec<u32> = chart.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, vec![BAR_AREA, BAR_AREA / 2, 0]);
        assert_eq!(chart.bars[1].amount, "50,00 €");
        assert!(chart.bars.iter().all(|b| b.amount_x + 140 <= WIDTH));
    }
}
