// A compact DICOM data dictionary: the elements radiographs commonly carry (PS3.6 keywords and
// VRs). It names tags in the tag list, finds VRs for implicit-VR files and maps keywords to tags.
// Every other standard element comes from dcmjs's full PS3.6 dictionary (review 37 F6: Issuer of
// Patient ID and Other Patient IDs had no keyword, so results dropped them).
import dcmjs from 'dcmjs';
const TABLE = `
00020000 UL FileMetaInformationGroupLength
00020001 OB FileMetaInformationVersion
00020002 UI MediaStorageSOPClassUID
00020003 UI MediaStorageSOPInstanceUID
00020010 UI TransferSyntaxUID
00020012 UI ImplementationClassUID
00020013 SH ImplementationVersionName
00020016 AE SourceApplicationEntityTitle
00080005 CS SpecificCharacterSet
00080008 CS ImageType
00080012 DA InstanceCreationDate
00080013 TM InstanceCreationTime
00080014 UI InstanceCreatorUID
00080016 UI SOPClassUID
00080018 UI SOPInstanceUID
00080020 DA StudyDate
00080021 DA SeriesDate
00080022 DA AcquisitionDate
00080023 DA ContentDate
0008002A DT AcquisitionDateTime
00080030 TM StudyTime
00080031 TM SeriesTime
00080032 TM AcquisitionTime
00080033 TM ContentTime
00080050 SH AccessionNumber
00080060 CS Modality
00080064 CS ConversionType
00080068 CS PresentationIntentType
00080070 LO Manufacturer
00080080 LO InstitutionName
00080081 ST InstitutionAddress
00080090 PN ReferringPhysicianName
00081010 SH StationName
00081030 LO StudyDescription
00081032 SQ ProcedureCodeSequence
0008103E LO SeriesDescription
00081040 LO InstitutionalDepartmentName
00081050 PN PerformingPhysicianName
00081070 PN OperatorsName
00081090 LO ManufacturerModelName
00081110 SQ ReferencedStudySequence
00081111 SQ ReferencedPerformedProcedureStepSequence
00081140 SQ ReferencedImageSequence
00081150 UI ReferencedSOPClassUID
00081155 UI ReferencedSOPInstanceUID
00082111 ST DerivationDescription
00082112 SQ SourceImageSequence
00082218 SQ AnatomicRegionSequence
00080100 SH CodeValue
00080102 SH CodingSchemeDesignator
00080104 LO CodeMeaning
00100010 PN PatientName
00100020 LO PatientID
00100030 DA PatientBirthDate
00100040 CS PatientSex
00101010 AS PatientAge
00101020 DS PatientSize
00101030 DS PatientWeight
00104000 LT PatientComments
00120062 CS PatientIdentityRemoved
00120063 LO DeidentificationMethod
00180010 LO ContrastBolusAgent
00180015 CS BodyPartExamined
00180060 DS KVP
00181000 LO DeviceSerialNumber
00181004 LO PlateID
00181020 LO SoftwareVersions
00181030 LO ProtocolName
00181110 DS DistanceSourceToDetector
00181111 DS DistanceSourceToPatient
00181114 DS EstimatedRadiographicMagnificationFactor
00181150 IS ExposureTime
00181151 IS XRayTubeCurrent
00181152 IS Exposure
00181153 IS ExposureInuAs
00181160 SH FilterType
00181164 DS ImagerPixelSpacing
00181166 CS Grid
00181190 DS FocalSpots
00181400 LO AcquisitionDeviceProcessingDescription
00181401 LO AcquisitionDeviceProcessingCode
00181405 IS RelativeXRayExposure
00181411 DS ExposureIndex
00181412 DS TargetExposureIndex
00181413 DS DeviationIndex
00181508 CS PositionerType
00181510 DS PositionerPrimaryAngle
00181511 DS PositionerSecondaryAngle
00185100 CS PatientPosition
00185101 CS ViewPosition
00186000 DS Sensitivity
00187004 CS DetectorType
0018700A SH DetectorID
0018702A LO DetectorManufacturerName
0020000D UI StudyInstanceUID
0020000E UI SeriesInstanceUID
00200010 SH StudyID
00200011 IS SeriesNumber
00200012 IS AcquisitionNumber
00200013 IS InstanceNumber
00200020 CS PatientOrientation
00200032 DS ImagePositionPatient
00200037 DS ImageOrientationPatient
00200052 UI FrameOfReferenceUID
00200060 CS Laterality
00200062 CS ImageLaterality
00204000 LT ImageComments
00280002 US SamplesPerPixel
00280004 CS PhotometricInterpretation
00280006 US PlanarConfiguration
00280008 IS NumberOfFrames
00280009 AT FrameIncrementPointer
00280010 US Rows
00280011 US Columns
00280030 DS PixelSpacing
00280034 IS PixelAspectRatio
00280100 US BitsAllocated
00280101 US BitsStored
00280102 US HighBit
00280103 US PixelRepresentation
00280106 US SmallestImagePixelValue
00280107 US LargestImagePixelValue
00280120 US PixelPaddingValue
00280300 CS QualityControlImage
00280301 CS BurnedInAnnotation
00281040 CS PixelIntensityRelationship
00281041 SS PixelIntensityRelationshipSign
00281050 DS WindowCenter
00281051 DS WindowWidth
00281052 DS RescaleIntercept
00281053 DS RescaleSlope
00281054 LO RescaleType
00281055 LO WindowCenterWidthExplanation
00281056 CS VOILUTFunction
00282110 CS LossyImageCompression
00282112 DS LossyImageCompressionRatio
00282114 CS LossyImageCompressionMethod
00283000 SQ ModalityLUTSequence
00283002 US LUTDescriptor
00283003 LO LUTExplanation
00283004 LO ModalityLUTType
00283006 US LUTData
00283010 SQ VOILUTSequence
00321060 LO RequestedProcedureDescription
00400244 DA PerformedProcedureStepStartDate
00400245 TM PerformedProcedureStepStartTime
00400253 SH PerformedProcedureStepID
00400254 LO PerformedProcedureStepDescription
00400275 SQ RequestAttributesSequence
0040A040 CS ValueType
0040A043 SQ ConceptNameCodeSequence
0040A050 CS ContinuityOfContent
0040A160 UT TextValue
0040A730 SQ ContentSequence
00540220 SQ ViewCodeSequence
00540222 SQ ViewModifierCodeSequence
20500020 CS PresentationLUTShape
7FE00010 OW PixelData
FFFEE000 NONE Item
FFFEE00D NONE ItemDelimitationItem
FFFEE0DD NONE SequenceDelimitationItem
`;

interface Entry {
  vr: string;
  keyword: string;
}

const BY_TAG = new Map<string, Entry>();
const BY_KEYWORD = new Map<string, string>();
for (const line of TABLE.trim().split('\n')) {
  const [hex, vr, keyword] = line.split(' ');
  const tag = `x${hex.toLowerCase()}`;
  BY_TAG.set(tag, { vr, keyword });
  BY_KEYWORD.set(keyword, tag);
}

const { dictionary, nameMap } = dcmjs.data.DicomMetaDictionary;

/** dcmjs's entry as ours; a VR the standard leaves open ("US or SS" as "xs") is none. */
function fromDcmjs(e: { tag: string; vr: string; name: string } | undefined): Entry | undefined {
  return e && /^[A-Z]{2}$/.test(e.vr) ? { vr: e.vr, keyword: e.name } : e ? { vr: 'NONE', keyword: e.name } : undefined;
}

/** dicom-parser tag ("x00100010") -> dictionary entry. Group lengths (gggg,0000) are named generically. */
export function dictionaryEntry(tag: string): Entry | undefined {
  const hit = BY_TAG.get(tag);
  if (hit) return hit;
  if (tag.endsWith('0000') && tag.length === 9) return { vr: 'UL', keyword: 'GroupLength' };
  // Private tags (odd groups) are not in PS3.6: a private creator's element must not borrow a name.
  if (tag.length !== 9 || parseInt(tag.slice(1, 5), 16) % 2 === 1) return undefined;
  return fromDcmjs(dictionary[formatTag(tag)]);
}

export function vrOf(tag: string): string | undefined {
  const vr = dictionaryEntry(tag)?.vr;
  return vr === 'NONE' ? undefined : vr;
}

/** Keyword ("PatientAge") -> dicom-parser tag ("x00101010"). */
export function tagOfKeyword(keyword: string): string | undefined {
  const known = BY_KEYWORD.get(keyword);
  if (known) return known;
  const tag = nameMap[keyword]?.tag;
  const m = tag && /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(tag);
  return m ? `x${m[1]}${m[2]}`.toLowerCase() : undefined;
}

/** "x00100010" -> "(0010,0010)" */
export function formatTag(tag: string): string {
  const hex = tag.slice(1).toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4, 8)})`;
}
