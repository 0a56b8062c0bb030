import { registerEnumType } from 'type-graphql';

/**
 * IATI's OrganisationType codelist (version 2.03, non-embedded; source:
 * https://iatistandard.org/en/iati-standard/203/codelists/organisationtype/). Each value is the IATI code.
 */
export enum OrganisationType {
  GOVERNMENT = '10',
  LOCAL_GOVERNMENT = '11',
  OTHER_PUBLIC_SECTOR = '15',
  INTERNATIONAL_NGO = '21',
  NATIONAL_NGO = '22',
  REGIONAL_NGO = '23',
  PARTNER_COUNTRY_BASED_NGO = '24',
  PUBLIC_PRIVATE_PARTNERSHIP = '30',
  MULTILATERAL = '40',
  FOUNDATION = '60',
  PRIVATE_SECTOR = '70',
  PRIVATE_SECTOR_IN_PROVIDER_COUNTRY = '71',
  PRIVATE_SECTOR_IN_AID_RECIPIENT_COUNTRY = '72',
  PRIVATE_SECTOR_IN_THIRD_COUNTRY = '73',
  ACADEMIC_TRAINING_AND_RESEARCH = '80',
  OTHER = '90',
}
registerEnumType(OrganisationType, {
  name: 'OrganisationType',
  description:
    "What kind of organisation it is: IATI's OrganisationType codelist (2.03); each value stands for its IATI code (GOVERNMENT is 10).",
  valuesConfig: {
    GOVERNMENT: { description: 'IATI code 10: Government.' },
    LOCAL_GOVERNMENT: { description: 'IATI code 11: Local Government.' },
    OTHER_PUBLIC_SECTOR: { description: 'IATI code 15: Other Public Sector.' },
    INTERNATIONAL_NGO: { description: 'IATI code 21: International NGO.' },
    NATIONAL_NGO: { description: 'IATI code 22: National NGO.' },
    REGIONAL_NGO: { description: 'IATI code 23: Regional NGO.' },
    PARTNER_COUNTRY_BASED_NGO: { description: 'IATI code 24: Partner Country based NGO.' },
    PUBLIC_PRIVATE_PARTNERSHIP: { description: 'IATI code 30: Public Private Partnership.' },
    MULTILATERAL: { description: 'IATI code 40: Multilateral.' },
    FOUNDATION: { description: 'IATI code 60: Foundation.' },
    PRIVATE_SECTOR: { description: 'IATI code 70: Private Sector.' },
    PRIVATE_SECTOR_IN_PROVIDER_COUNTRY: { description: 'IATI code 71: Private Sector in Provider Country.' },
    PRIVATE_SECTOR_IN_AID_RECIPIENT_COUNTRY: { description: 'IATI code 72: Private Sector in Aid Recipient Country.' },
    PRIVATE_SECTOR_IN_THIRD_COUNTRY: { description: 'IATI code 73: Private Sector in Third Country.' },
    ACADEMIC_TRAINING_AND_RESEARCH: { description: 'IATI code 80: Academic, Training and Research.' },
    OTHER: { description: 'IATI code 90: Other.' },
  },
});

/** IATI's OrganisationRole codelist (2.03, embedded), copied from `OrganisationRole.xml` beside this file. Values are the IATI codes. */
export enum OrganisationRole {
  FUNDING = '1',
  ACCOUNTABLE = '2',
  EXTENDING = '3',
  IMPLEMENTING = '4',
}
registerEnumType(OrganisationRole, {
  name: 'OrganisationRole',
  description:
    "In what role an organisation takes part in a project: IATI's OrganisationRole codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    FUNDING: { description: 'IATI code 1: the government or organisation which provides funds to the activity.' },
    ACCOUNTABLE: { description: 'IATI code 2: an organisation responsible for oversight of the activity and its outcomes.' },
    EXTENDING: {
      description:
        'IATI code 3: an organisation that manages the budget and direction of an activity on behalf of the funding organisation.',
    },
    IMPLEMENTING: { description: 'IATI code 4: the organisation that physically carries out the activity or intervention.' },
  },
});
