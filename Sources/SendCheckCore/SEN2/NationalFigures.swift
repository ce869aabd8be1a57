/// The DfE's published figures for England, for comparison with one return's measures.
///
/// Source: DfE "Education, health and care plans" statistics (explore-education-statistics.service.gov.uk,
/// 2025 edition: timeliness_20_week.csv, requests.csv, newplans.csv, annual_reviews.csv), as recorded
/// in domain/timescales.md section 8. Calendar years; person-level from 2023 (the DfE warns against
/// comparing across the 2022/2023 break).
public enum NationalFigures {
    public static let source =
        "DfE, Education, health and care plans (England), 2025 edition: "
        + "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"

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
