/**
 * HubSpot's industry picklist (the subset the mock serves and seeds). One list for both sides:
 * the mock server validates and describes it, the connector declares it as an enum so mapping
 * validation can check that value maps cover every industry.
 */
export const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'RETAIL',
  'HOSPITAL_HEALTH_CARE',
  'FINANCIAL_SERVICES',
  'CONSTRUCTION',
  'FOOD_BEVERAGES',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'AUTOMOTIVE',
  'WHOLESALE',
  'MEDICAL_DEVICES',
  'TELECOMMUNICATIONS',
  'MARKETING_AND_ADVERTISING',
  'BUILDING_MATERIALS',
  'CHEMICALS',
] as const;
