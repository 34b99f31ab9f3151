#include "engine/evaluation/gdp_deflator.hpp"

#include <string>
#include <utility>

namespace civicsim {

// Transcribed from the greenbook R package (C. Coverdale, MIT licence), inst/extdata/
// gdp_deflator.csv, which reads CGDP_Deflators_Qtrly_National_Accounts_December_2025_update.xlsx
// (gov.uk collection "GDP deflators at market prices, and money GDP").
const char* const kGdpDeflatorSource =
    "HM Treasury's GDP deflator at market prices (December 2025 Quarterly National Accounts, "
    "calendar years, 2024 = 100)";

nlohmann::json gdp_deflator_index() {
  // Source: kGdpDeflatorSource. 2024 is the last outturn year of that release.
  static const std::pair<int, double> kIndex[] = {
      {1990, 42.7537}, {1991, 45.6203}, {1992, 47.1096}, {1993, 48.5208}, {1994, 49.4168},
      {1995, 50.7097}, {1996, 52.8097}, {1997, 52.8303}, {1998, 53.5326}, {1999, 54.2793},
      {2000, 54.8102}, {2001, 55.7479}, {2002, 56.911},  {2003, 58.266},  {2004, 59.8584},
      {2005, 61.5718}, {2006, 63.4682}, {2007, 64.7322}, {2008, 66.89},   {2009, 68.217},
      {2010, 69.1217}, {2011, 70.834},  {2012, 71.9294}, {2013, 73.4795}, {2014, 74.6524},
      {2015, 75.1536}, {2016, 76.4554}, {2017, 77.6367}, {2018, 79.1606}, {2019, 81.1085},
      {2020, 85.2137}, {2021, 85.6358}, {2022, 90.5005}, {2023, 96.2507}, {2024, 100.0},
  };
  nlohmann::json index = nlohmann::json::object();
  for (const auto& [year, value] : kIndex) index[std::to_string(year)] = value;
  return index;
}

}  // namespace civicsim
