/// The DfE's published figures for England, for comparison with one return's measures.
///
/// Source: DfE "Education, health and care plans" statistics (explore-education-statistics.service.gov.uk,
/// 2025 release: timeliness_20_week.csv, requests.csv, newplans.csv, annual_reviews.csv), as recorded
/// in domain/timescales.md section 8 and confirmed by domain/timescales-2026.md section 5. Calendar
/// years; person-level from 2023 (the DfE warns against comparing across the 2022/2023 break).
///
/// The 2026 release (calendar 2025) exists, but its percentages could not be verified, so 2024 stays
/// the latest year shown; a return for a later year is compared with 2024 only with that said
/// (`yearNote`). Measures the DfE first published in 2026 (average weeks to issue a plan, annual
/// review completion) have no verified England figure yet and say so (`notes`).
public enum NationalFigures {
    public static let source =
        "DfE, Education, health and care plans (England), 2025 release (calendar 2024): "
        + "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"

    /// The latest calendar year whose figures were verified against the published files.
    public static let latestVerifiedYear = 2024

    /// Why a measure has no England figure here.
    public static let notes: [String: String] = [
        "average-weeks-to-plan-including-exceptions":
            "England's average (avg_weeks_issue_plan) is first published in the 2026 release (calendar 2025) and is not yet verified here",
        "average-weeks-to-plan-excluding-exceptions":
            "England's average (avg_weeks_issue_plan_exc) is first published in the 2026 release (calendar 2025) and is not yet verified here",
        "annual-reviews-completed":
            "England's completion rate (review_completed / review_expected) is first published in the 2026 release (calendar 2025) and is not yet verified here",
    ]

    /// Says which year England's figures are for when it is not the return's year, and why; nil when
    /// they match.
    public static func yearNote(for year: Int) -> String? {
        if year > latestVerifiedYear {
            return "England's figures are for \(latestVerifiedYear), the latest year verified (DfE 2025 release), not \(year): "
                + "the DfE's 2026 release (calendar 2025) is published, but only its count of plans (718,838 in January 2026) "
                + "could be confirmed, so \(year)'s return is set beside \(latestVerifiedYear)'s percentages"
        }
        return nil
    }

    /// Percentages by calendar year, per measure id (the ids of `SEN2Measures.definitions`).
    static let percentages: [String: [Int: Double]] = [
        "decisions-6-weeks": [2023: 84.8, 2024: 84.8],
        "not-to-issue-16-weeks": [2023: 36.2, 2024: 34.1],
        "plans-20-weeks-including-exceptions": [
            2015: 54.6, 2016: 55.7, 2017: 61.3, 2018: 58.0, 2019: 58.7, 2020: 55.6, 2021: 57.9, 2022: 47.7, 2023: 49.1, 2024: 45.9,
        ],
        "plans-20-weeks-excluding-exceptions": [
            2015: 59.2, 2016: 58.6, 2017: 64.9, 2018: 60.1, 2019: 60.4, 2020: 58.0, 2021: 59.9, 2022: 49.2, 2023: 50.3, 2024: 46.4,
        ],
        "plans-after-52-weeks": [2023: 5.1, 2024: 7.2],
        "review-decisions-4-weeks": [2024: 44.4],
    ]

    /// The figure for `year`, or the latest published before it, or (for a year before any was
    /// published) the earliest; always with the year it is for.
    public static func figure(_ measure: String, year: Int) -> (year: Int, percent: Double)? {
        guard let byYear = percentages[measure], let best = byYear.keys.filter({ $0 <= year }).max() ?? byYear.keys.min() else { return nil }
        return byYear[best].map { (best, $0) }
    }
}
